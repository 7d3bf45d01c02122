/**
 * Loaded with ts-node: Node 24's own TypeScript support would load it as an ES module, which
 * cannot import ./jest.preset without its extension.
 * @jest-config-loader ts-node
 */
import type { Config } from 'jest';
import { preset } from './jest.preset';

// Unit tests: pure logic, no Kafka, PostgreSQL or S3.
const config: Config = {
  ...preset,
  displayName: 'unit',
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
};

export default config;
