/**
 * Loaded with ts-node: Node 24's own TypeScript support would load it as an ES module, which
 * cannot import ./jest.preset without its extension.
 * @jest-config-loader ts-node
 */
import type { Config } from 'jest';
import { preset } from './jest.preset';

// Integration tests: talk to the real Kafka, PostgreSQL and S3Proxy of the local stack.
const config: Config = {
  ...preset,
  displayName: 'integration',
  testMatch: ['**/*.int-spec.ts'],
  globalSetup: '<rootDir>/tools/test/kafka-warm-up.ts',
  // A suite whose setup failed half-way can leave a Kafka client running; the run must still end.
  forceExit: true,
  testTimeout: 120_000,
};

export default config;
