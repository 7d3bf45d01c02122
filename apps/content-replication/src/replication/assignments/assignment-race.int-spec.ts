import { CatalogEventTypes, PackageData, SdpEvent, SourceVersionPublishedData } from '@sdp/contracts';
import { settlesWithin, stackSettings, TestService, uniqueSuffix } from '@sdp/testing';
import { DataSource, EntityManager } from 'typeorm';
import { CatalogPackagesHandler } from '../../event-handlers/catalog-packages.handler';
import { registerDistributionPoint, startReplication, uniqueBucket, uniquePackageId } from '../../test-support/replication-harness';
import { AssignmentsService } from './assignments.service';

const [DP1_ENDPOINT] = stackSettings.distributionPointS3Endpoints;

const packageCreated = (packageId: string): SdpEvent =>
  ({ type: CatalogEventTypes.packageCreated, data: { id: packageId, priority: 'medium', hasSource: true, sourceVersion: 0 } as PackageData }) as SdpEvent;
const versionPublished = (packageId: string, version: number): SdpEvent =>
  ({ type: CatalogEventTypes.sourceVersionPublished, data: { packageId, version } as SourceVersionPublishedData }) as SdpEvent;

// An administrator assigns a package just as its first version is published: the two
// transactions overlap in PostgreSQL. Whichever commits first, the DP must end up queued for
// the version; before the package row was locked, each saw the other's world without it and the
// DP was never queued (seen as a 90 s e2e timeout).
describe('an assignment and a new version that overlap', () => {
  let service: TestService;
  let dataSource: DataSource;
  let catalogEvents: CatalogPackagesHandler;
  let assignments: AssignmentsService;
  const dp = { name: `dp-race-${uniqueSuffix()}`, endpoint: DP1_ENDPOINT, bucket: uniqueBucket('race') };

  const knownPackage = async (): Promise<string> => {
    const packageId = uniquePackageId();
    await dataSource.transaction((manager) => catalogEvents.handle(packageCreated(packageId), manager));
    return packageId;
  };
  const rowsOf = (packageId: string): Promise<{ state: string; desired_version: number }[]> =>
    dataSource.query(`SELECT state, desired_version FROM package_distribution WHERE package_id = $1`, [packageId]);

  /** Runs `first` in a transaction left open, starts `second`, and commits `first` after a pause. */
  const overlap = async (first: (manager: EntityManager) => Promise<void>, second: (manager: EntityManager) => Promise<void>) => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await first(runner.manager);
      const later = dataSource.transaction(second);
      const waitedForFirst = !(await settlesWithin(later, 500));
      await runner.commitTransaction();
      await later;
      return { waitedForFirst };
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  };

  beforeAll(async () => {
    service = await startReplication({ REPLICATION_WORKERS: '1' });
    dataSource = service.app.get(DataSource);
    catalogEvents = service.app.get(CatalogPackagesHandler);
    assignments = service.app.get(AssignmentsService);
    expect((await registerDistributionPoint(service, dp)).status).toBe(201);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('queues the DP when the assignment comes while the version is still uncommitted', async () => {
    const packageId = await knownPackage();
    const { waitedForFirst } = await overlap(
      (manager) => catalogEvents.handle(versionPublished(packageId, 1), manager),
      (manager) => assignments.assignWithin(manager, packageId, { distributionPoints: [dp.name] }),
    );
    expect(waitedForFirst).toBe(true);
    expect(await rowsOf(packageId)).toEqual([{ state: expect.stringMatching(/^INSTALL_/), desired_version: 1 }]);
  });

  it('queues the DP when the version comes while the assignment is still uncommitted', async () => {
    const packageId = await knownPackage();
    const { waitedForFirst } = await overlap(
      (manager) => assignments.assignWithin(manager, packageId, { distributionPoints: [dp.name] }),
      (manager) => catalogEvents.handle(versionPublished(packageId, 1), manager),
    );
    expect(waitedForFirst).toBe(true);
    expect(await rowsOf(packageId)).toEqual([{ state: expect.stringMatching(/^INSTALL_/), desired_version: 1 }]);
  });
});
