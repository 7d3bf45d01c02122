export * from './advertisement.schema';
export * from './events';
