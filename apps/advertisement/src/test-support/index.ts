// What bench/ and tools/ may use of advertisement, as `@sdp/advertisement/test-support`: the lint
// refuses every other import of the app from outside it.
export { AdvertisementTestKit } from './advertisement-test-kit';
export { BENCH_FLEET_COLLECTION, benchClientId, benchObjectId, benchPackageId, seedAdvertisements, seedPolicyTables } from './bench-seed';
export { runLoad } from './http-load';
export type { LoadRequest, LoadResult } from './http-load';
// The phase a client of a phased deployment is in, so bench/rollout reports only from open phases.
export { phaseOfClient } from '../rollout/rollout-plan';
// Which statuses each summary bucket counts, so bench/status-ingest checks the summary it reads back.
export { SUMMARY_BUCKETS } from '../status/status-states';
// The loader the service runs at start, so tools/deploy checks the manifests' environment with it.
export { loadAdvertisementConfig } from '../config';
