// What bench/ and tools/ may use of metering, as `@sdp/metering/test-support`: the lint refuses
// every other import of the app from outside it.
export { MeteringTestKit } from './metering-test-kit';
// The loader the service runs at start, so tools/deploy checks the manifests' environment with it.
export { loadMeteringConfig } from '../config';
