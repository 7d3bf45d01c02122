/**
 * Loaded with ts-node: Node 24's own TypeScript support would load it as an ES module, which
 * cannot import ./jest.preset without its extension.
 * @jest-config-loader ts-node
 */
import type { Config } from 'jest';
import { preset } from './jest.preset';

/**
 * The specs that cannot share the machine with another spec: reliability stops Kafka and a DP of
 * the shared stack, self-update builds the agent bundle every other spec runs again, and push runs
 * a fleet of 1,000 agents. Every other spec runs on topics, consumer groups, databases, buckets,
 * ports and temporary folders of its own (e2e/src/system.ts), so two of them run at once.
 */
const ALONE = ['whole-system/reliability', 'whole-system/self-update', 'whole-system/push'].map((spec) => `<rootDir>/e2e/src/${spec}.e2e-spec.ts`);

/**
 * `E2E_GROUP=shared`: every spec but those (`npm test` runs them in two workers); `E2E_GROUP=alone`:
 * only those (run in band after). Unset: every spec.
 */
const group = process.env.E2E_GROUP || undefined;
if (group !== undefined && group !== 'shared' && group !== 'alone') throw new Error(`E2E_GROUP must be shared or alone, not ${group}`);

// Whole-system tests: the built services run as real processes against the local stack.
const config: Config = {
  ...preset,
  displayName: 'e2e',
  testMatch: group === 'alone' ? ALONE : ['<rootDir>/e2e/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: [...(preset.testPathIgnorePatterns ?? []), ...(group === 'shared' ? ALONE.map((spec) => spec.replace('<rootDir>/', '/').replace(/\./g, '\\.')) : [])],
  globalSetup: '<rootDir>/e2e/src/global-setup.ts',
  // A suite whose setup failed half-way can leave a Kafka client running; the run must still end.
  forceExit: true,
  testTimeout: 180_000,
};

export default config;
