export * from './subnet';
export * from './content-location';
