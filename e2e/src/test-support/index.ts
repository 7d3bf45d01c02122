// What bench/ may use of the whole-system tests, as `@sdp/e2e/test-support`: the lint refuses
// every other import of e2e from outside it. bench/e2e-latency times the system these tests run.
export { TestAgent } from '../agent-process';
export { startSystem } from '../system';
export { AdminFlow, waitFor, writePackageFolder } from '../whole-system/flow';
