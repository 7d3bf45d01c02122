// What bench/ and tools/ may use of targeting, as `@sdp/targeting/test-support`: the lint
// refuses every other import of the app from outside it.
export { call, register, startTargeting, TopicReader } from './targeting-test';
// The membership engine itself, so bench/targeting-full measures exactly what the service runs.
export { compileCollection } from '../membership/collection-rules';
export type { CollectionDefinition, EvaluatedClient } from '../membership/collection-rules';
export { dependencyOrder } from '../membership/dependency-order';
export { evaluateMemberships } from '../membership/evaluate-memberships';
export { compileQuery } from '../query';
// The loader the service runs at start, so tools/deploy checks the manifests' environment with it.
export { loadTargetingConfig } from '../config';
