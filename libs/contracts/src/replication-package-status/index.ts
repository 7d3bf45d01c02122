export * from './package-status.schema';
export * from './events';
