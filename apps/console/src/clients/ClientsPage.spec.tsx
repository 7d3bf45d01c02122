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

/** The targeting service's GET /clients: pages by query and cursor, as in `pages`. */
function clientsService(pages: Record<string, Page<ClientData>>, fail?: (request: RecordedRequest) => boolean) {
  return fakeFetch((request) => {
    if (fail?.(request)) return { status: 502, body: { statusCode: 502, error: 'Bad Gateway', message: 'The targeting service is not running or refuses connections' } };
    const params = new URL(request.url, 'http://console').searchParams;
    const page = pages[`${params.get('query') ?? ''}|${params.get('cursor') ?? ''}`];
    return page ? { status: 200, body: page } : { status: 404, body: { statusCode: 404, message: `no page for ${request.url}` } };
  });
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
    const { fetcher, requests } = clientsService(TWO_PAGES);
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
    expect(requests.map((request) => request.url)).toEqual(['/services/targeting/api/v1/clients?limit=50', '/services/targeting/api/v1/clients?limit=50&cursor=after-pc-2']);
  });

  it('starts again at the first page when the query changes', async () => {
    const { fetcher, requests } = clientsService({
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
    expect(requests[2].url).toBe('/services/targeting/api/v1/clients?query=os.name+%3D+%27linux%27&limit=50');

    fireEvent.click(screen.getByRole('button', { name: 'Load more clients' }));
    await screen.findByRole('link', { name: 'linux-2' });
    expect(clientNames()).toEqual(['linux-1', 'linux-2']);
    expect(requests[3].url).toBe('/services/targeting/api/v1/clients?query=os.name+%3D+%27linux%27&limit=50&cursor=after-linux-1');
  });

  it('says in words why the next page failed, keeps the rows shown and loads it on retry', async () => {
    let targetingDown = true;
    const { fetcher, requests } = clientsService(TWO_PAGES, (request) => request.url.includes('cursor=') && targetingDown);
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
    expect(requests.filter((request) => request.url.endsWith('cursor=after-pc-2'))).toHaveLength(2);
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
});
