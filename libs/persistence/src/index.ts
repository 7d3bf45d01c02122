export * from './data-source';
export * from './database-url';
export * from './ensure-database';
export * from './snake-naming.strategy';
export * from './persistence.module';
export * from './site-ids';
export * from './bigint-column';
export * from './postgres-listener';
