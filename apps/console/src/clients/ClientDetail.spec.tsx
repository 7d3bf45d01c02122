/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ClientData } from '../api/types';
import { fakeFetch, RecordedRequest, renderWithSession } from '../test-support/render-with-session';
import { ClientDetail } from './ClientDetail';

const ID = '0b5a4d6e-1c2f-4a3b-9d8e-7f6a5b4c3d21';

const PC: ClientData = {
  id: ID,
  name: 'fin-ws-01',
  hardwareId: 'hw-1',
  domain: 'corp.example',
  os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
  siteCode: 'S01',
  ipAddresses: ['10.1.2.3'],
  inventory: {
    memoryBytes: 16 * 1024 ** 3,
    cpus: { count: 8, model: 'Core i7' },
    software: [
      { name: 'Firefox', version: '128.0', publisher: 'Mozilla', source: 'windows-registry' },
      { name: '7-Zip', version: '23.01', publisher: 'Igor Pavlov', source: 'windows-registry' },
    ],
    department: 'Finance',
    rack: { row: 3 },
  },
  approved: true,
  blocked: false,
  registeredAt: '2026-03-01T07:00:00Z',
  lastSeenAt: '2026-03-02T06:55:00Z',
  updatedAt: '2026-03-02T06:55:00Z',
};

function services() {
  return fakeFetch((request: RecordedRequest) => {
    if (request.method === 'PATCH') return { status: 200, body: { ...PC, ...(request.body as object) } };
    if (request.url.endsWith('/collections')) {
      return { status: 200, body: { items: [{ collectionId: 'S0100004', collectionName: 'Finance', rules: [{ kind: 'query', description: `query "dept": inventory.department = 'Finance'` }] }] } };
    }
    if (request.url.endsWith('/advertisements')) return { status: 200, body: { clientId: ID, items: [] } };
    return { status: 200, body: PC };
  });
}

describe('ClientDetail', () => {
  it('shows the computer by name, its inventory in sections and its collections with the rule that put it there', async () => {
    const { container } = renderWithSession(<ClientDetail id={ID} />, services().fetcher);

    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('fin-ws-01');
    expect(screen.getByText('8 × Core i7')).toBeTruthy();
    expect(screen.getByText('16 GiB')).toBeTruthy();
    expect(screen.getByText('corp.example')).toBeTruthy();

    const software = screen.getByRole('table', { name: 'Installed software' });
    expect(within(software).getAllByRole('row').map((row) => row.firstChild?.textContent)).toEqual(['Name', '7-Zip', 'Firefox']);
    fireEvent.change(screen.getByLabelText('Filter software'), { target: { value: 'mozilla' } });
    expect(within(software).getAllByRole('row').map((row) => row.firstChild?.textContent)).toEqual(['Name', 'Firefox']);

    const custom = container.querySelector('dl[aria-label="Custom fields"]')!;
    expect([...custom.querySelectorAll('dt')].map((term) => term.textContent)).toEqual(['department', 'rack']);
    expect(custom.querySelector('pre')?.textContent).toBe('{\n  "row": 3\n}');

    const collections = await screen.findByRole('table', { name: 'Collections of the computer' });
    expect(within(collections).getByRole('link', { name: 'Finance' }).getAttribute('href')).toBe('/collections/S0100004');
    expect(collections.textContent).toContain(`query "dept": inventory.department = 'Finance'`);
    await screen.findByText('There are no advertisements.');
  });

  it('blocks the computer for an operator and offers a viewer no write action', async () => {
    const { fetcher, requests } = services();
    const { unmount } = renderWithSession(<ClientDetail id={ID} />, fetcher, 'operator');
    fireEvent.click(await screen.findByRole('button', { name: 'Block' }));
    await waitFor(() => expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({ blocked: true }));
    unmount();

    renderWithSession(<ClientDetail id={ID} />, services().fetcher, 'viewer');
    await screen.findByRole('heading', { level: 1 });
    for (const name of ['Approve', 'Revoke approval', 'Block', 'Delete']) expect(screen.queryByRole('button', { name })).toBeNull();
  });
});
