import type { Config } from 'jest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathsToModuleNameMapper } from 'ts-jest';

// Path aliases come from tsconfig.base.json so tests import libs exactly as the apps do.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { compilerOptions } = require('./tsconfig.base.json');

export const preset: Config = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['apps', 'libs', 'e2e', 'tools'].filter((dir) => existsSync(join(__dirname, dir))).map((dir) => `<rootDir>/${dir}`),
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  transform: {
    // Type checking is its own step (npm run typecheck); tests only transpile.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // React components (the console) need JSX and the DOM types.
    '^.+\\.tsx$': ['ts-jest', { tsconfig: '<rootDir>/apps/console/tsconfig.spec.json' }],
  },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.stack/'],
};
