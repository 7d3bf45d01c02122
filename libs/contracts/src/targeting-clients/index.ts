export * from './client.schema';
export * from './events';
