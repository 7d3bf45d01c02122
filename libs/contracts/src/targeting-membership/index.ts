export * from './membership.schema';
export * from './events';
