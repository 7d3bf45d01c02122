import { useSession } from '../api/session';
import { DistributionStatusRow } from '../api/types';
import { useCursorPages } from '../api/use-cursor-pages';
import { PagedList } from '../components/PagedList';
import { NamedId, useNames } from '../components/use-names';
import { StatusBoard } from './StatusBoard';

const POLL_MS = 5000;

type DpRow = DistributionStatusRow & { packageId: string };

/** `GET /distribution-points/:name/packages`: the DP's rows in package order, a page at a time. */
type DpPage = { distributionPoint: string; items: DpRow[]; nextCursor: string | null };

/** Every package's row on one DP, paged like every list, re-read every POLL_MS. */
export function DpPackagesBoard({ name }: { name: string }) {
  const { api } = useSession();
  const packageNames = useNames('catalog', '/packages');
  const board = useCursorPages<DpRow, DpPage>(
    (page, signal) => api.get<DpPage>('replication', `/distribution-points/${encodeURIComponent(name)}/packages`, page, signal),
    [api, name],
    { pollMs: POLL_MS },
  );
  return (
    <PagedList what={`packages on ${name}`} list={board} empty={`No package is on ${name}.`}>
      {(rows) =>
        rows.length > 0 ? (
          <StatusBoard
            rows={rows}
            label={`Packages on ${name}`}
            keyColumn="Package"
            keyOf={(row) => (row as DpRow).packageId}
            headerOf={(row) => <NamedId id={(row as DpRow).packageId} names={packageNames} />}
            actions={[]}
          />
        ) : null
      }
    </PagedList>
  );
}
