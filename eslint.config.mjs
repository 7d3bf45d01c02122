import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// An app never imports another app, and libs never import apps: services share nothing but
// Kafka topics and libs/. bench/ and tools/ are projects too, so the rule sees what they import.
const moduleBoundaries = {
  enforceBuildableLibDependency: false,
  depConstraints: [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['type:lib'] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  ],
};

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '.stack/**', '.nx/**', 'coverage/**'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { ...moduleBoundaries, allow: [] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // bench/ and tools/ drive apps from outside: of an app (or e2e) they may import its
    // test-support entry point, `@sdp/<project>/test-support` (or a named part of it,
    // `@sdp/<project>/test-support/<part>`), and nothing else. Nx refuses
    // every import of an app, so the entry points are allowed here by name, for these files only.
    files: ['bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { ...moduleBoundaries, allow: ['^@sdp/[a-z0-9-]+/test-support(/[a-z0-9-]+)?$'] }],
    },
  },
  {
    // e2e/ drives the system from outside too: of the agent it may import the fleet simulator's
    // entry point (its own agents are the built sdp-agent, run as processes).
    files: ['e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { ...moduleBoundaries, allow: ['^@sdp/agent/test-support$'] }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/webpack.config.js', 'tools/build/**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
