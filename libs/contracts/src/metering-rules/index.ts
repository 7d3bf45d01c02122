export * from './metering-rule.schema';
export * from './version-pattern';
export * from './installed-name-pattern';
export * from './events';
