import type { Config } from 'jest';
import { preset } from './jest.preset';

// Whole-system tests: the built services run as real processes against the local stack.
const config: Config = {
  ...preset,
  displayName: 'e2e',
  testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/e2e/src/global-setup.ts',
  testTimeout: 180_000,
};

export default config;
