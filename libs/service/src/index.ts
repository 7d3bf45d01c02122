export * from './error-body';
export * from './http-error.filter';
export * from './start-service';
export * from './validation';
export * from './pagination';
export * from './service-core.module';
export * from './not-known-yet';
export * from './consistency.interceptor';
