export * from './rollout.schema';
export * from './events';
