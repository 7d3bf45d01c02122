/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, within } from '@testing-library/react';
import { DistributionStatusRow, PackageData } from '../api/types';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { DpPackagesBoard } from './DpPackagesBoard';

function pkg(id: string, hasSource: boolean): PackageData {
  return {
    id,
    name: `Package ${id}`,
    version: '1.0',
    manufacturer: 'E2E',
    language: '',
    description: '',
    priority: 'medium',
    persistInCache: false,
    hasSource,
    sourceVersion: hasSource ? 1 : 0,
    manifestDigest: null,
    sourceDate: null,
    sizeBytes: 0,
    fileCount: 0,
    sourceLocation: null,
    sourceRefreshMinutes: null,
    createdAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
  };
}

function onDp(distributionPoint: string): DistributionStatusRow {
  return {
    distributionPoint,
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

function path(url: string): string {
  return new URL(url, 'http://console').pathname;
}

describe('DpPackagesBoard', () => {
  it('pages through the whole package list and shows every package on the DP, not those of the first page only', async () => {
    const catalogPages: Record<string, { items: PackageData[]; nextCursor: string | null }> = {
      '': { items: [pkg('S0100001', true), pkg('S0100002', false)], nextCursor: 'p2' },
      p2: { items: [pkg('S0100003', true), pkg('S0100004', true)], nextCursor: 'p3' },
      p3: { items: [pkg('S0100005', true)], nextCursor: null },
    };
    const statuses: Record<string, DistributionStatusRow[]> = {
      S0100001: [onDp('dp1'), onDp('dp2')],
      S0100003: [onDp('dp2')],
      S0100004: [onDp('dp1')],
    };
    const { fetcher, requests } = fakeFetch((request) => {
      const url = new URL(request.url, 'http://console');
      if (url.pathname === '/services/catalog/api/v1/packages') return { status: 200, body: catalogPages[url.searchParams.get('cursor') ?? ''] };
      const packageId = url.pathname.split('/')[6];
      // S0100005 was deleted after the list was read.
      return statuses[packageId] ? { status: 200, body: { packageId, items: statuses[packageId] } } : { status: 404, body: { statusCode: 404, message: `package ${packageId} not found` } };
    });
    renderWithSession(<DpPackagesBoard name="dp1" />, fetcher);

    await screen.findByText('Checked all 5 packages of the catalog.');
    const board = screen.getByRole('table', { name: 'Packages on dp1' });
    expect(within(board).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['S0100001', 'S0100004']);
    expect(screen.getByText('Packages on dp1 shown: all 2.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Load more/ })).toBeNull();
    expect(requests.filter((request) => path(request.url) === '/services/catalog/api/v1/packages').map((request) => request.url)).toEqual([
      '/services/catalog/api/v1/packages?limit=100',
      '/services/catalog/api/v1/packages?limit=100&cursor=p2',
      '/services/catalog/api/v1/packages?limit=100&cursor=p3',
    ]);
    // A package without source is on no DP: its status is not asked for.
    expect(requests.some((request) => request.url.includes('S0100002'))).toBe(false);
  });

  it('reads a bounded number of pages at a time, says how far it got, and reads on with "Load more"', async () => {
    // A catalog that never ends: every page has one package (without source) and a next cursor.
    const { fetcher, requests } = fakeFetch((request) => {
      const page = Number(new URL(request.url, 'http://console').searchParams.get('cursor') ?? '0');
      return { status: 200, body: { items: [pkg(`S01${String(page).padStart(5, '0')}`, false)], nextCursor: String(page + 1) } };
    });
    renderWithSession(<DpPackagesBoard name="dp1" />, fetcher);

    await screen.findByText('Checked the first 10 packages of the catalog.');
    expect(requests).toHaveLength(10);
    expect(screen.getByText('Packages on dp1 shown: 0, more to load.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Load more packages on dp1' }));
    await screen.findByText('Checked the first 20 packages of the catalog.');
    expect(requests).toHaveLength(20);
    expect(requests[19].url).toBe('/services/catalog/api/v1/packages?limit=100&cursor=19');
  });
});
