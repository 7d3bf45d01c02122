// What bench/ and tools/ may use of catalog, as `@sdp/catalog/test-support`: the lint refuses
// every other import of the app from outside it.
// The loader the service runs at start, so tools/deploy checks the manifests' environment with it.
export { loadCatalogConfig } from '../config';
