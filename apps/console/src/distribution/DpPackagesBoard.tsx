import { useEffect } from 'react';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { DistributionStatus, DistributionStatusRow, PackageData, Page } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { PagedList } from '../components/PagedList';
import { StatusBoard } from './StatusBoard';

const POLL_MS = 5000;
/** Packages read from the catalog per page; each one with source costs a status request. */
const PACKAGES_PER_PAGE = 100;
/** Pages read one after the other without being asked; then the board waits for "Load more". */
const PAGES_PER_STEP = 10;

type DpRow = DistributionStatusRow & { packageId: string };

/** One page of the catalog's package list, checked against this DP. */
type CheckedPage = { items: DpRow[]; nextCursor: string | null; checked: number };

const count = new Intl.NumberFormat('en');

/**
 * Every package's row on one DP. Content replication has no list of the packages on one DP, only
 * each package's status on every DP; so this pages through the catalog's package list to its end,
 * asks for the status of each package on a page, and keeps the rows of this DP. The reading is
 * bounded: PAGES_PER_STEP pages at a time, then the same "Load more" as every list; and it says
 * how many packages it has checked. Every POLL_MS the pages read so far are read again.
 */
export function DpPackagesBoard({ name }: { name: string }) {
  const { api } = useSession();
  const board = useCursorPages<DpRow, CheckedPage>(
    async (page, signal) => {
      const packages = await api.get<Page<PackageData>>('catalog', '/packages', page, signal);
      const statusOf = (packageId: string) =>
        api.get<DistributionStatus>('replication', `/packages/${encodeURIComponent(packageId)}/distribution-status`, undefined, signal).catch((error: unknown) => {
          // Deleted since the list was read: it is on no DP any more.
          if (error instanceof ApiError && error.status === 404) return { packageId, items: [] };
          throw error;
        });
      const statuses = await Promise.all(packages.items.filter((pkg) => pkg.hasSource).map((pkg) => statusOf(pkg.id)));
      return {
        items: statuses.flatMap((status) => status.items.filter((row) => row.distributionPoint === name).map((row): DpRow => ({ ...row, packageId: status.packageId }))),
        nextCursor: packages.nextCursor ?? null,
        checked: packages.items.length,
      };
    },
    [api, name],
    { pageSize: PACKAGES_PER_PAGE, pollMs: POLL_MS },
  );

  const { hasMore, loading, error, loadMore } = board;
  const pagesRead = board.pages.length;
  const readOn = hasMore && loading === null && error === null && pagesRead % PAGES_PER_STEP !== 0;
  useEffect(() => {
    if (readOn) loadMore();
  }, [readOn, pagesRead, loadMore]);

  const checked = count.format(board.pages.reduce((sum, page) => sum + page.checked, 0));
  return (
    <>
      {pagesRead > 0 ? (
        <p className="muted" role="status">
          {!hasMore ? `Checked all ${checked} packages of the catalog.` : readOn || loading === 'more' ? `Checked ${checked} packages of the catalog so far, reading on…` : `Checked the first ${checked} packages of the catalog.`}
        </p>
      ) : null}
      <PagedList what={`packages on ${name}`} list={board} empty={`No package is on ${name}.`}>
        {(rows) => (rows.length > 0 ? <StatusBoard rows={rows} label={`Packages on ${name}`} keyColumn="Package" keyOf={(row) => (row as DpRow).packageId} actions={[]} /> : null)}
      </PagedList>
    </>
  );
}
