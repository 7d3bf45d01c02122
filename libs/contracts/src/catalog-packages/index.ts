export * from './package.schema';
export * from './program.schema';
export * from './source-version.schema';
export * from './events';
