/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { fakeFetch, RecordedRequest, renderWithSession } from '../test-support/render-with-session';
import { ClientAdvertisementsPanel } from './ClientAdvertisementsPanel';
import { ClientAdvertisementEntry } from '../api/types';

const CLIENT = '0b5a4d6e-1c2f-4a3b-9d8e-7f6a5b4c3d21';

const FAILED: ClientAdvertisementEntry = {
  advertisementId: 'S0100002',
  advertisementName: 'Broken tool',
  packageId: 'S0100001',
  packageName: 'Tool',
  programName: 'Install',
  applies: true,
  reason: null,
  state: 'FAILED',
  messageId: 10006,
  messageText: 'The program failed',
  packageVersion: 2,
  lastReportAt: '2026-03-02T06:55:00Z',
  lastFailure: {
    at: '2026-03-02T06:55:00Z',
    state: 'FAILED',
    messageId: 10006,
    messageText: 'The program failed',
    exitCode: 3,
    detail: null,
    packageVersion: 2,
    output: { stdout: 'copying files\n', stderr: 'disk full <b>on</b> /opt\\x1b[31m', truncated: true },
  },
};

const ELSEWHERE: ClientAdvertisementEntry = {
  ...FAILED,
  advertisementId: 'S0100003',
  advertisementName: 'Another site',
  applies: false,
  reason: 'the client is not a member of collection S0100009',
  state: null,
  messageId: null,
  messageText: null,
  packageVersion: null,
  lastReportAt: null,
  lastFailure: null,
};

function advertisementService() {
  return fakeFetch((request: RecordedRequest) => {
    if (request.method === 'POST') return { status: 202, body: { advertisementId: 'S0100002', clientId: CLIENT } };
    if (request.url.includes('/history')) {
      return {
        status: 200,
        body: {
          items: [{ seq: 7, state: 'FAILED', messageId: 10006, messageText: 'The program failed', exitCode: 3, detail: null, packageVersion: 2, reportedAt: '2026-03-02T06:55:00Z', receivedAt: '2026-03-02T06:55:01Z', output: { stdout: '', stderr: 'boom', truncated: false } }],
          nextCursor: null,
        },
      };
    }
    return { status: 200, body: { clientId: CLIENT, items: [ELSEWHERE, FAILED] } };
  });
}

describe('ClientAdvertisementsPanel', () => {
  it('shows each advertisement: applies or why not, state with its message, package version, and the last failure output as text', async () => {
    const { fetcher, requests } = advertisementService();
    renderWithSession(<ClientAdvertisementsPanel clientId={CLIENT} clientName="pc-1" />, fetcher);

    const table = await screen.findByRole('table', { name: 'Advertisements for the computer' });
    const rows = within(table).getAllByRole('row');
    const failed = rows.find((row) => row.getAttribute('data-state') === 'FAILED')!;
    expect(within(failed).getByText('FAILED').className).toBe('badge badge-bad');
    expect(failed.textContent).toContain('10006 The program failed');
    expect(failed.textContent).toContain('v2');
    expect(failed.textContent).toContain('Applies');
    // Applying first, whatever the order of the answer.
    expect(within(rows[1]).getByRole('rowheader').textContent).toContain('Broken tool');
    expect(table.textContent).toContain('Does not apply: the client is not a member of collection S0100009');

    const output = screen.getByRole('group', { name: 'Output of the last failure of Broken tool' });
    expect(output.textContent).toContain('disk full <b>on</b> /opt\\x1b[31m');
    expect(output.querySelector('b')).toBeNull();
    expect(within(output).getByLabelText('stdout').textContent).toBe('copying files\n');
    expect(output.textContent).toContain('only the last part of each stream was kept');
    expect(table.textContent).toContain('FAILED · exit code 3 · 10006 The program failed · package v2');
    expect(requests[0].url).toBe(`/services/advertisement/api/v1/clients/${CLIENT}/advertisements`);
  });

  it('re-runs an advertisement for this computer and opens its history with each run output', async () => {
    const { fetcher, requests } = advertisementService();
    renderWithSession(<ClientAdvertisementsPanel clientId={CLIENT} clientName="pc-1" />, fetcher);

    fireEvent.click(await screen.findByRole('button', { name: 'Re-run Broken tool' }));
    await screen.findByText('pc-1 will run Broken tool again at its next policy check.');
    expect(requests.find((request) => request.method === 'POST')?.url).toBe(`/services/advertisement/api/v1/advertisements/S0100002/clients/${CLIENT}/rerun`);
    // An advertisement that does not apply cannot be re-run.
    expect(screen.queryByRole('button', { name: 'Re-run Another site' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'History of Broken tool' }));
    const entry = (await screen.findByText('#7', { exact: false })).closest('li')!;
    expect(entry.textContent).toContain('FAILED at');
    expect(entry.textContent).toContain('package v2 · 10006 The program failed · exit code 3');
    expect(within(entry).getByRole('group', { name: 'Output of report 7', hidden: true }).textContent).toContain('boom');
  });

  it('offers a viewer no re-run', async () => {
    renderWithSession(<ClientAdvertisementsPanel clientId={CLIENT} clientName="pc-1" />, advertisementService().fetcher, 'viewer');
    await screen.findByRole('button', { name: 'History of Broken tool' });
    expect(screen.queryByRole('button', { name: /^Re-run/ })).toBeNull();
  });
});
