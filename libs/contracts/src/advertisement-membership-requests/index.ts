export * from './membership-request.schema';
export * from './events';
