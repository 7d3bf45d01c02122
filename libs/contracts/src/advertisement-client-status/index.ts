export * from './client-status.schema';
export * from './status-messages';
export * from './events';
