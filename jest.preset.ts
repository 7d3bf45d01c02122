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
    // Type checking is its own step (npm run typecheck); tests only transpile. One tsconfig for
    // .ts and .tsx (the console's components): ts-jest keeps the first config a worker loads.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.stack/'],
};
