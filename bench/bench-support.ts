/**
 * What every bench does the same way: read its `--name value` flags and leave its result as
 * bench/results/<bench>.json plus one summary line on stdout. Not a bench itself (the runner only
 * picks up `*.bench.ts`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The value of `--name N` on the command line, or `fallback`; it must be a whole number of at least `minimum`. */
export function argument(name: string, fallback: number, minimum = 1): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < minimum) throw new Error(`--${name} must be a whole number of at least ${minimum}`);
  return value;
}

/** Writes `result` as bench/results/`bench`.json (indented, newline-terminated), then prints `line`. */
export function writeResult(bench: string, result: unknown, line: string): void {
  const directory = join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, `${bench}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(line);
}
