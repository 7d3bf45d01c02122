export * from './distribution-point.schema';
export * from './distribution-point-group.schema';
export * from './events';
