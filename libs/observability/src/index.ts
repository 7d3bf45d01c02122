export * from './http-metrics.interceptor';
export * from './logger';
export * from './metrics';
export * from './observability.controller';
export * from './observability.module';
export * from './readiness';
