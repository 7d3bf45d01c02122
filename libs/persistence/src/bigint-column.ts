import { ValueTransformer } from 'typeorm';

/**
 * pg returns bigint as a string; the bigint columns of this platform (byte counts, sequence
 * numbers, 32-bit exit codes kept unsigned) stay within 2^53, so a number is exact.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
