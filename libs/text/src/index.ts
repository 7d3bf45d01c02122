export * from './printable';
