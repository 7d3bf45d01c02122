/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { MeteringReport, MeteringRule } from '../api/types';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { MeteringPage } from './MeteringPage';
import { MeteringReportPanel } from './MeteringReportPanel';
import { MeteringRuleForm } from './MeteringRuleForm';
import { currentUtcMonth } from './usage-chart';

function fieldNote(label: string): string | null {
  const input = screen.getByLabelText(label);
  const noteId = input.getAttribute('aria-describedby');
  return noteId ? (document.getElementById(noteId)?.textContent ?? null) : null;
}

const RULE: MeteringRule = {
  id: 'S0100001',
  productName: 'Contoso Word',
  fileName: 'WINWORD.EXE',
  originalFileName: null,
  fileVersion: '16.*',
  language: null,
  platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0' }],
  site: null,
  licencesOwned: 2,
  enabled: true,
  installedSoftwareName: null,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('metering rule form', () => {
  it('checks what it can itself, then sends every field of a new rule', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 201, body: RULE }));
    const onSaved = jest.fn();
    renderWithSession(<MeteringRuleForm onSaved={onSaved} />, fetcher);

    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(fieldNote('Product name *')).toBe('Product name is required.');
    expect(fieldNote('File name')).toBe('Name the executable: a file name, an original file name or both.');
    expect(requests).toEqual([]);

    fireEvent.change(screen.getByLabelText('Product name *'), { target: { value: ' Contoso Word ' } });
    fireEvent.change(screen.getByLabelText('Original file name'), { target: { value: 'WinWord.exe' } });
    fireEvent.change(screen.getByLabelText('Version pattern'), { target: { value: '16.*' } });
    fireEvent.change(screen.getByLabelText('Licences owned'), { target: { value: '25' } });
    fireEvent.change(screen.getByLabelText('Site'), { target: { value: 'Head office' } });
    fireEvent.click(screen.getByLabelText('Enabled'));
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(RULE));
    expect(requests[0]).toEqual({
      url: '/services/metering/api/v1/metering/rules',
      method: 'POST',
      contentType: 'application/json',
      body: {
        productName: 'Contoso Word',
        fileName: null,
        originalFileName: 'WinWord.exe',
        fileVersion: '16.*',
        language: null,
        platforms: 'any',
        site: 'Head office',
        licencesOwned: 25,
        enabled: false,
        installedSoftwareName: null,
      },
    });

    fireEvent.change(screen.getByLabelText('Installed software name'), { target: { value: 'Contoso Word*' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(requests).toHaveLength(2));
    expect(requests[1].body).toMatchObject({ installedSoftwareName: 'Contoso Word*' });
  });

  it('shows the service’s 422 beside the field it names', async () => {
    const problem = 'must be dot-separated segments of letters, digits, _ + - and the wildcards * and ?, e.g. 16.*';
    const { fetcher, requests } = fakeFetch(() => ({
      status: 422,
      body: { statusCode: 422, error: 'Unprocessable Entity', code: 'METERING_RULE_INVALID', message: `fileVersion: ${problem}`, details: [{ field: 'fileVersion', problems: [problem] }] },
    }));
    renderWithSession(<MeteringRuleForm existing={{ ...RULE, installedSoftwareName: 'Contoso Word 16*' }} onSaved={() => undefined} onCancel={() => undefined} />, fetcher);

    expect((screen.getByLabelText('Minimum version') as HTMLInputElement).value).toBe('10.0');
    expect((screen.getByLabelText('Installed software name') as HTMLInputElement).value).toBe('Contoso Word 16*');
    fireEvent.change(screen.getByLabelText('Version pattern'), { target: { value: '16..*' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    await screen.findByRole('alert');
    expect(fieldNote('Version pattern')).toBe(problem);
    expect(screen.getByLabelText('Version pattern').getAttribute('aria-invalid')).toBe('true');
    expect(requests[0]).toMatchObject({ url: '/services/metering/api/v1/metering/rules/S0100001', method: 'PATCH', body: { fileVersion: '16..*', platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0' }], installedSoftwareName: 'Contoso Word 16*' },
    });
  });
});

describe('metering rules list', () => {
  const list = () => fakeFetch(() => ({ status: 200, body: { items: [RULE], nextCursor: null } }));

  it('shows a viewer the rules and no button that changes them', async () => {
    const { fetcher } = list();
    renderWithSession(<MeteringPage />, fetcher, 'viewer');
    const row = await screen.findByRole('row', { name: /Contoso Word/ });
    expect(row.textContent).toContain('WINWORD.EXE');
    expect(row.textContent).toContain('windows x64 10.0–');
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('lets an operator switch a rule off but not delete it', async () => {
    const { fetcher, requests } = list();
    renderWithSession(<MeteringPage />, fetcher, 'operator');
    fireEvent.click(await screen.findByRole('button', { name: 'Disable Contoso Word' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'PATCH')).toBe(true));
    expect(requests.find((request) => request.method === 'PATCH')).toMatchObject({ url: '/services/metering/api/v1/metering/rules/S0100001', body: { enabled: false } });
    expect(screen.queryByRole('button', { name: 'Delete Contoso Word' })).toBeNull();
  });
});

describe('metering report', () => {
  it('asks for the current UTC month and draws its summary, the over-licence warning and a bar per day with usage', async () => {
    const month = currentUtcMonth();
    const report: MeteringReport = {
      ruleId: 'S0100001',
      productName: 'Contoso Word',
      licencesOwned: 2,
      month,
      summary: { computers: 3, users: 3, launches: 5, usageSeconds: 5400, peakConcurrentUsers: 3 },
      overLicences: true,
      days: [
        { day: `${month}-01`, computers: 3, users: 3, launches: 4, usageSeconds: 3600, peakConcurrentUsers: 3 },
        { day: `${month}-02`, computers: 0, users: 0, launches: 0, usageSeconds: 0, peakConcurrentUsers: 0 },
      ],
      computers: [{ clientId: '0a9c2d1e-0000-4000-8000-000000000001', name: 'PC-1', launches: 4, usageSeconds: 3600, users: ['alice', 'bob'] }],
      computersTotal: 1,
      users: [{ user: 'alice', launches: 3, usageSeconds: 2400, computers: 1 }],
      usersTotal: 1,
    };
    const { fetcher, requests } = fakeFetch(() => ({ status: 200, body: report }));
    const { container } = renderWithSession(<MeteringReportPanel ruleId="S0100001" />, fetcher, 'viewer');

    const warning = await screen.findByTestId('over-licences');
    expect(requests[0].url).toBe(`/services/metering/api/v1/metering/rules/S0100001/report?month=${month}`);
    expect(warning.textContent).toContain('1 more than the 2 licences owned');
    expect(container.querySelector('dl')?.textContent).toContain('Total usage time1 h 30 min');
    expect(container.querySelector('dl')?.textContent).toContain('Peak concurrent users3 of 2 licences owned');
    const bars = container.querySelectorAll('rect.usage-bar');
    expect([...bars].map((bar) => bar.getAttribute('data-day'))).toEqual([`${month}-01`]);
    expect(Number(container.querySelector('line.licence-line')?.getAttribute('y1'))).toBeGreaterThan(Number(container.querySelector('circle.peak-point')?.getAttribute('cy')));
    expect((await screen.findByRole('link', { name: 'PC-1' })).getAttribute('href')).toBe('/clients/0a9c2d1e-0000-4000-8000-000000000001');
    // The whole drill-down came with the report: nothing more to load.
    expect(screen.queryByRole('button', { name: /Load more/ })).toBeNull();
  });

  it('shows the first page of computers and users and loads the next page of the same month on "Load more"', async () => {
    const computer = (index: number) => ({ clientId: `0a9c2d1e-0000-4000-8000-00000000000${index}`, name: `PC-${index}`, launches: 1, usageSeconds: 600 - index, users: ['alice'] });
    const report: MeteringReport = {
      ruleId: 'S0100001',
      productName: 'Contoso Word',
      licencesOwned: 5,
      month: '2026-03',
      summary: { computers: 3, users: 1, launches: 3, usageSeconds: 1794, peakConcurrentUsers: 1 },
      overLicences: false,
      days: [],
      computers: [computer(1), computer(2)],
      computersTotal: 3,
      users: [{ user: 'alice', launches: 3, usageSeconds: 1794, computers: 3 }],
      usersTotal: 1,
    };
    const { fetcher, requests } = fakeFetch((request) =>
      request.url.includes('/report/computers') ? { status: 200, body: { ruleId: 'S0100001', month: '2026-03', offset: 2, limit: 100, total: 3, items: [computer(3)] } } : { status: 200, body: report },
    );
    renderWithSession(<MeteringReportPanel ruleId="S0100001" />, fetcher, 'viewer');

    await screen.findByRole('link', { name: 'PC-2' });
    expect(screen.getByText('Computers shown: 2, more to load.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more users' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Load more computers' }));
    await screen.findByRole('link', { name: 'PC-3' });
    expect(requests.map((request) => request.url).filter((url) => url.includes('/report/'))).toEqual(['/services/metering/api/v1/metering/rules/S0100001/report/computers?month=2026-03&offset=2&limit=100']);
    const table = screen.getByRole('table', { name: 'Computers that ran it' });
    expect([...table.querySelectorAll('tbody th')].map((cell) => cell.textContent)).toEqual(['PC-1', 'PC-2', 'PC-3']);
    expect(screen.queryByRole('button', { name: 'Load more computers' })).toBeNull();
    expect(screen.getByText('Computers shown: all 3.')).toBeTruthy();
  });
});
