import { useSession } from '../api/session';
import { DistributionStatus, DistributionStatusRow, PackageData, Page } from '../api/types';
import { useLoad } from '../api/use-load';
import { LoadState } from '../components/feedback';
import { StatusBoard } from './StatusBoard';

const POLL_MS = 5000;
const PACKAGE_LIMIT = 100;

type DpRow = DistributionStatusRow & { packageId: string };

/**
 * Every package's row on one DP. The API has no per-DP listing, so this asks for each package's
 * status (the first PACKAGE_LIMIT packages) and keeps the rows of this DP.
 */
export function DpPackagesBoard({ name }: { name: string }) {
  const { api } = useSession();
  const rows = useLoad(
    async (signal) => {
      const packages = await api.get<Page<PackageData>>('catalog', '/packages', { limit: PACKAGE_LIMIT }, signal);
      const statuses = await Promise.all(
        packages.items.filter((pkg) => pkg.hasSource).map((pkg) => api.get<DistributionStatus>('replication', `/packages/${encodeURIComponent(pkg.id)}/distribution-status`, undefined, signal)),
      );
      return statuses.flatMap((status) => status.items.filter((row) => row.distributionPoint === name).map((row): DpRow => ({ ...row, packageId: status.packageId })));
    },
    [api, name],
    POLL_MS,
  );
  return (
    <LoadState what={`packages on ${name}`} {...rows}>
      {(data) => <StatusBoard rows={data} label={`Packages on ${name}`} keyColumn="Package" keyOf={(row) => (row as DpRow).packageId} actions={[]} />}
    </LoadState>
  );
}
