// What bench/ and tools/ may use of content-replication, as
// `@sdp/content-replication/test-support`: the lint refuses every other import of the app from
// outside it.
export { CONCURRENCY, packageFiles, ReplicationRig } from './replication-bench';
// The loader the service runs at start, so tools/deploy checks the manifests' environment with it.
export { loadReplicationConfig } from '../config';
