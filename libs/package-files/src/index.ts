// Browser-safe (no Node modules): the web console bundles it as well as the catalog and the CLI.
export * from './archive-format';
export * from './executable-files';
