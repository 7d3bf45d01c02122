export * from './stack-settings';
export * from './test-service';
export * from './zip-fixture';
export * from './consumer-groups';
export * from './client-registration';
export * from './service-test-kit';
export * from '@sdp/testing-base';
