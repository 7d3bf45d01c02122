export * from './metering-rule.schema';
export * from './version-pattern';
export * from './events';
