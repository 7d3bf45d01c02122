import type { OptionValues } from './command';
import { UsageError } from './errors';

/** A pair of flags such as --enable/--disable: true, false, or undefined when neither is given. */
export function toggle(values: OptionValues, on: string, off: string): boolean | undefined {
  const yes = values[on] === true;
  const no = values[off] === true;
  if (yes && no) throw new UsageError(`--${on} and --${off} contradict each other`);
  return yes ? true : no ? false : undefined;
}
