// What bench/ and tools/ may use of the console, as `@sdp/console/test-support`: the lint refuses
// every other import of the app from outside it.
// The loader its server runs at start, so tools/deploy checks the manifests' environment with it.
export { loadConsoleConfig } from '../../server/config';
