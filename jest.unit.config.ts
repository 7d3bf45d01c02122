import type { Config } from 'jest';
import { preset } from './jest.preset';

// Unit tests: pure logic, no Kafka, PostgreSQL or S3.
const config: Config = {
  ...preset,
  displayName: 'unit',
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
};

export default config;
