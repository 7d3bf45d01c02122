export * from './maintenance-window.schema';
export * from './collection.schema';
export * from './events';
