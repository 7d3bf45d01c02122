export * from './ast';
export * from './parse-error';
export * from './parser';
export * from './evaluator';
export * from './queryable-client';
export * from './prepared-client';
export * from './selection-filter';
