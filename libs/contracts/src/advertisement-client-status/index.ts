export * from './client-status.schema';
export * from './events';
