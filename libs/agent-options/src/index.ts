export * from './options-file';
