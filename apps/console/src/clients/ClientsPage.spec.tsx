/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ClientData, Page } from '../api/types';
import { fakeFetch, RecordedRequest, renderWithSession } from '../test-support/render-with-session';
import { ClientsPage } from './ClientsPage';

function client(name: string): ClientData {
  return {
    id: `id-${name}`,
    name,
    hardwareId: `hw-${name}`,
    domain: null,
    os: { name: 'linux', version: '6.1.0', arch: 'x64' },
    siteCode: 'S01',
    ipAddresses: ['10.0.0.1'],
    inventory: {},
    approved: true,
    blocked: false,
    registeredAt: '2026-03-01T07:00:00Z',
    lastSeenAt: '2026-03-02T06:55:00Z',
    updatedAt: '2026-03-02T06:55:00Z',
  };
}

const COLLECTIONS = { items: [{ id: 'S0100004', name: 'Finance laptops' }], nextCursor: null };

/** The targeting service's GET /clients: pages by query and cursor, as in `pages` (other filters in the key as `name=...`); its collections. */
function clientsService(pages: Record<string, Page<ClientData>>, fail?: (request: RecordedRequest) => boolean) {
  const { fetcher, requests } = fakeFetch((request) => {
    const url = new URL(request.url, 'http://console');
    if (url.pathname.endsWith('/collections')) return { status: 200, body: COLLECTIONS };
    if (fail?.(request)) return { status: 502, body: { statusCode: 502, error: 'Bad Gateway', message: 'The targeting service is not running or refuses connections' } };
    const params = url.searchParams;
    const filters = [...params].filter(([name]) => !['query', 'cursor', 'limit'].includes(name)).map(([name, value]) => `${name}=${value}`);
    const page = pages[[...filters, `${params.get('query') ?? ''}|${params.get('cursor') ?? ''}`].join('&')];
    return page ? { status: 200, body: page } : { status: 404, body: { statusCode: 404, message: `no page for ${request.url}` } };
  });
  // The list's requests, without the collections the filter offers.
  return { fetcher, requests: { get all() { return requests; } }, clientRequests: () => requests.filter((request) => request.url.includes('/clients')) };
}

const TWO_PAGES = {
  '|': { items: [client('pc-1'), client('pc-2')], nextCursor: 'after-pc-2' },
  '|after-pc-2': { items: [client('pc-3')], nextCursor: null },
};

function clientNames(): string[] {
  return within(screen.getByRole('table')).getAllByRole('link').map((link) => link.textContent ?? '');
}

describe('ClientsPage', () => {
  it('appends the next page on "Load more" and drops the control on the last page', async () => {
    const { fetcher, clientRequests } = clientsService(TWO_PAGES);
    renderWithSession(<ClientsPage />, fetcher);

    await screen.findByRole('link', { name: 'pc-2' });
    expect(clientNames()).toEqual(['pc-1', 'pc-2']);
    expect(screen.getByText('Clients shown: 2, more to load.')).toBeTruthy();

    const more = screen.getByRole('button', { name: 'Load more clients' });
    more.focus();
    fireEvent.click(more);

    await screen.findByRole('link', { name: 'pc-3' });
    expect(clientNames()).toEqual(['pc-1', 'pc-2', 'pc-3']);
    expect(screen.getByText('Clients shown: all 3.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Load more/ })).toBeNull();
    // The button the keyboard was on is gone: focus is on the row count, not lost.
    expect(document.activeElement?.textContent).toBe('Clients shown: all 3.');
    expect(clientRequests().map((request) => request.url)).toEqual(['/services/targeting/api/v1/clients?limit=50', '/services/targeting/api/v1/clients?limit=50&cursor=after-pc-2']);
  });

  it('starts again at the first page when the query changes', async () => {
    const { fetcher, clientRequests } = clientsService({
      ...TWO_PAGES,
      "os.name = 'linux'|": { items: [client('linux-1')], nextCursor: 'after-linux-1' },
      "os.name = 'linux'|after-linux-1": { items: [client('linux-2')], nextCursor: null },
    });
    renderWithSession(<ClientsPage />, fetcher);
    fireEvent.click(await screen.findByRole('button', { name: 'Load more clients' }));
    await screen.findByRole('link', { name: 'pc-3' });

    fireEvent.change(screen.getByLabelText('Query'), { target: { value: "os.name = 'linux'" } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter' }));

    await screen.findByRole('link', { name: 'linux-1' });
    expect(clientNames()).toEqual(['linux-1']);
    expect(screen.getByText('Clients shown: 1, more to load.')).toBeTruthy();
    expect(clientRequests()[2].url).toBe('/services/targeting/api/v1/clients?query=os.name+%3D+%27linux%27&limit=50');

    fireEvent.click(screen.getByRole('button', { name: 'Load more clients' }));
    await screen.findByRole('link', { name: 'linux-2' });
    expect(clientNames()).toEqual(['linux-1', 'linux-2']);
    expect(clientRequests()[3].url).toBe('/services/targeting/api/v1/clients?query=os.name+%3D+%27linux%27&limit=50&cursor=after-linux-1');
  });

  it('says in words why the next page failed, keeps the rows shown and loads it on retry', async () => {
    let targetingDown = true;
    const { fetcher, clientRequests } = clientsService(TWO_PAGES, (request) => request.url.includes('cursor=') && targetingDown);
    renderWithSession(<ClientsPage />, fetcher);
    fireEvent.click(await screen.findByRole('button', { name: 'Load more clients' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not load more clients: A service is not reachable: The targeting service is not running or refuses connections');
    expect(clientNames()).toEqual(['pc-1', 'pc-2']);

    targetingDown = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again to load more clients' }));

    await screen.findByRole('link', { name: 'pc-3' });
    expect(clientNames()).toEqual(['pc-1', 'pc-2', 'pc-3']);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(clientRequests().filter((request) => request.url.endsWith('cursor=after-pc-2'))).toHaveLength(2);
  });

  it('offers to try the first page again when it fails', async () => {
    let targetingDown = true;
    const { fetcher } = clientsService(TWO_PAGES, () => targetingDown);
    renderWithSession(<ClientsPage />, fetcher);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not load clients: A service is not reachable: The targeting service is not running or refuses connections Try again');
    expect(screen.queryByRole('table')).toBeNull();

    targetingDown = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(clientNames()).toEqual(['pc-1', 'pc-2']));
  });
  it('filters by part of the name once typing pauses, and shows names first linking to each page', async () => {
    const { fetcher, clientRequests } = clientsService({
      ...TWO_PAGES,
      'name=pc-3&|': { items: [client('pc-3')], nextCursor: null },
    });
    renderWithSession(<ClientsPage />, fetcher);
    await screen.findByRole('link', { name: 'pc-2' });

    for (const typed of ['p', 'pc', 'pc-', 'pc-3']) fireEvent.change(screen.getByLabelText('Name'), { target: { value: typed } });

    await waitFor(() => expect(clientNames()).toEqual(['pc-3']));
    expect(screen.getByRole('link', { name: 'pc-3' }).getAttribute('href')).toBe('/clients/id-pc-3');
    // One request for what was typed, not one per key.
    expect(clientRequests().map((request) => request.url)).toEqual(['/services/targeting/api/v1/clients?limit=50', '/services/targeting/api/v1/clients?name=pc-3&limit=50']);
  });

  it('sends OS, collection, site, last seen and approval filters, and sorts by a column header, turning it around on a second click', async () => {
    const after = '2026-03-01T07:30';
    const iso = new Date(after).toISOString();
    const filtered = `os=linux&collectionId=S0100004&siteCode=S01&lastSeenAfter=${iso}&approval=blocked`;
    const { fetcher, clientRequests } = clientsService({
      ...TWO_PAGES,
      'os=linux&|': { items: [client('pc-2')], nextCursor: null },
      'os=linux&collectionId=S0100004&|': { items: [client('pc-2')], nextCursor: null },
      'os=linux&collectionId=S0100004&siteCode=S01&|': { items: [client('pc-2')], nextCursor: null },
      [`os=linux&collectionId=S0100004&siteCode=S01&lastSeenAfter=${iso}&|`]: { items: [client('pc-2')], nextCursor: null },
      [`${filtered}&|`]: { items: [client('pc-1'), client('pc-2')], nextCursor: null },
      [`${filtered}&sort=name&order=asc&|`]: { items: [client('pc-1'), client('pc-2')], nextCursor: null },
      [`${filtered}&sort=name&order=desc&|`]: { items: [client('pc-2'), client('pc-1')], nextCursor: null },
      'sort=name&order=desc&|': { items: [client('pc-3'), client('pc-2'), client('pc-1')], nextCursor: null },
    });
    renderWithSession(<ClientsPage />, fetcher);
    await screen.findByRole('option', { name: 'Finance laptops (S0100004)' });

    fireEvent.change(screen.getByLabelText('OS'), { target: { value: 'linux' } });
    fireEvent.change(screen.getByLabelText('Collection'), { target: { value: 'S0100004' } });
    fireEvent.change(screen.getByLabelText('Site'), { target: { value: 's01' } });
    fireEvent.change(screen.getByLabelText('Last seen after'), { target: { value: after } });
    fireEvent.change(screen.getByLabelText('Approval'), { target: { value: 'blocked' } });
    await waitFor(() => expect(clientRequests().at(-1)?.url).toContain('siteCode=S01&lastSeenAfter='));
    await waitFor(() => expect(clientNames()).toEqual(['pc-1', 'pc-2']));
    expect(screen.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('none');

    fireEvent.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(clientRequests().at(-1)?.url).toContain('sort=name&order=asc'));
    expect(screen.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(await screen.findByRole('button', { name: 'Name' }));
    await waitFor(() => expect(clientNames()).toEqual(['pc-2', 'pc-1']));
    expect(screen.getByRole('columnheader', { name: 'Name' }).getAttribute('aria-sort')).toBe('descending');
    expect(clientRequests().at(-1)?.url).toBe(
      `/services/targeting/api/v1/clients?os=linux&collectionId=S0100004&siteCode=S01&lastSeenAfter=${encodeURIComponent(iso)}&approval=blocked&sort=name&order=desc&limit=50`,
    );

    // Clearing the filters keeps the order.
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(clientNames()).toEqual(['pc-3', 'pc-2', 'pc-1']));
    expect((screen.getByLabelText('OS') as HTMLSelectElement).value).toBe('');
  });
});
