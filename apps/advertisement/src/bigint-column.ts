import { ValueTransformer } from 'typeorm';

/** pg returns bigint as a string; sequence numbers are safe integers and exit codes 32-bit, so a number is exact. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
