// The membership engine itself, so bench/targeting-full measures exactly what the service runs.
// An entry point of its own (`@sdp/targeting/test-support/membership-engine`): it loads no Nest,
// TypeORM or Kafka, whose presence in the process made the bench's tight loops twice as slow.
export { compileCollection } from '../membership/collection-rules';
export type { CollectionDefinition, EvaluatedClient } from '../membership/collection-rules';
export { dependencyOrder } from '../membership/dependency-order';
export { evaluateMemberships } from '../membership/evaluate-memberships';
export { compileQuery } from '../query';
