/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { DistributionStatusRow } from '../api/types';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { DpPackagesBoard } from './DpPackagesBoard';

function row(packageId: string): DistributionStatusRow & { packageId: string } {
  return {
    packageId,
    distributionPoint: 'dp1',
    state: 'INSTALLED',
    stateCode: 0,
    desiredVersion: 1,
    installedVersion: 1,
    bytesDone: 10,
    bytesTotal: 10,
    filesDone: 1,
    filesTotal: 1,
    attempts: 1,
    lastError: null,
    updatedAt: '2026-03-02T10:00:00.000Z',
    bytesCopied: 10,
    objectsCopied: 1,
  };
}

describe('DpPackagesBoard', () => {
  it("reads the DP's own package list a page at a time, names the packages from one catalog list, and appends the next page on 'Load more'", async () => {
    const pages: Record<string, { distributionPoint: string; items: ReturnType<typeof row>[]; nextCursor: string | null }> = {
      '': { distributionPoint: 'dp1', items: [row('S0100001'), row('S0100004')], nextCursor: 'p2' },
      p2: { distributionPoint: 'dp1', items: [row('S0100007')], nextCursor: null },
    };
    const { fetcher, requests } = fakeFetch((request) => {
      const url = new URL(request.url, 'http://console');
      if (url.pathname === '/services/catalog/api/v1/packages') {
        return { status: 200, body: { items: [{ id: 'S0100001', name: 'Reader' }, { id: 'S0100007', name: 'Editor' }], nextCursor: null } };
      }
      return url.pathname === '/services/replication/api/v1/distribution-points/dp1/packages'
        ? { status: 200, body: pages[url.searchParams.get('cursor') ?? ''] }
        : { status: 404, body: { statusCode: 404, message: 'not here' } };
    });
    renderWithSession(<DpPackagesBoard name="dp1" />, fetcher);

    const board = await screen.findByRole('table', { name: 'Packages on dp1' });
    // A package beyond the names the catalog gave keeps its ID.
    await within(board).findByText('Reader');
    expect(within(board).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['Reader S0100001', 'S0100004']);
    fireEvent.click(screen.getByRole('button', { name: 'Load more packages on dp1' }));
    await screen.findByText('Packages on dp1 shown: all 3.');
    expect(within(screen.getByRole('table', { name: 'Packages on dp1' })).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual([
      'Reader S0100001',
      'S0100004',
      'Editor S0100007',
    ]);
    expect(requests.map((request) => request.url).sort()).toEqual([
      '/services/catalog/api/v1/packages?limit=500',
      '/services/replication/api/v1/distribution-points/dp1/packages?limit=50',
      '/services/replication/api/v1/distribution-points/dp1/packages?limit=50&cursor=p2',
    ]);
  });

  it('says so when no package is on the DP', async () => {
    const { fetcher } = fakeFetch(() => ({ status: 200, body: { distributionPoint: 'dp1', items: [], nextCursor: null } }));
    renderWithSession(<DpPackagesBoard name="dp1" />, fetcher);
    await screen.findByText('No package is on dp1.');
  });
});
