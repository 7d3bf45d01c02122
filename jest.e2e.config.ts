/**
 * Loaded with ts-node: Node 24's own TypeScript support would load it as an ES module, which
 * cannot import ./jest.preset without its extension.
 * @jest-config-loader ts-node
 */
import type { Config } from 'jest';
import { preset } from './jest.preset';

/**
 * The specs that cannot share the machine with another spec: reliability stops Kafka and a DP of
 * the shared stack, self-update builds the agent bundle every other spec runs again, push runs a
 * fleet of 1,000 agents, and the console's specs drive Chromium, whose screenshots and renders
 * time out when another spec takes the CPU (seen with two at once). Every other spec runs on
 * topics, consumer groups, databases, buckets, ports and temporary folders of its own
 * (e2e/src/system.ts), so two of them run at once. Paths under e2e/src; a folder ends with `/`.
 */
const ALONE = ['whole-system/reliability.e2e-spec.ts', 'whole-system/self-update.e2e-spec.ts', 'whole-system/push.e2e-spec.ts', 'console/'];

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
  testMatch: group === 'alone' ? ALONE.map((path) => `<rootDir>/e2e/src/${path}${path.endsWith('/') ? '**/*.e2e-spec.ts' : ''}`) : ['<rootDir>/e2e/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: [...(preset.testPathIgnorePatterns ?? []), ...(group === 'shared' ? ALONE.map((path) => `/e2e/src/${path.replace(/\./g, '\\.')}`) : [])],
  globalSetup: '<rootDir>/e2e/src/global-setup.ts',
  // A suite whose setup failed half-way can leave a Kafka client running; the run must still end.
  forceExit: true,
  testTimeout: 180_000,
};

export default config;
