// What bench/ and tools/ may use of targeting, as `@sdp/targeting/test-support`: the lint
// refuses every other import of the app from outside it.
export { call, register, startTargeting, TopicReader } from './targeting-test';
export * from './membership-engine';
// The loader the service runs at start, so tools/deploy checks the manifests' environment with it.
export { loadTargetingConfig } from '../config';
