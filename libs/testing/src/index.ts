export * from './stack-settings';
export * from './test-service';
