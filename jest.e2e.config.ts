/**
 * Loaded with ts-node: Node 24's own TypeScript support would load it as an ES module, which
 * cannot import ./jest.preset without its extension.
 * @jest-config-loader ts-node
 */
import type { Config } from 'jest';
import { preset } from './jest.preset';

// Whole-system tests: the built services run as real processes against the local stack.
const config: Config = {
  ...preset,
  displayName: 'e2e',
  testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/e2e/src/global-setup.ts',
  // A suite whose setup failed half-way can leave a Kafka client running; the run must still end.
  forceExit: true,
  testTimeout: 180_000,
};

export default config;
