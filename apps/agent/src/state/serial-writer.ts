import { writeJsonAtomic } from './atomic-file';

/**
 * Saves one document file, one write at a time, each writing the state at the moment it runs:
 * overlapping saves can then never leave an older state on disk after a newer one.
 */
export class SerialJsonWriter {
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => unknown,
  ) {}

  save(): Promise<void> {
    const next = this.last.catch(() => undefined).then(() => writeJsonAtomic(this.path, this.snapshot()));
    this.last = next;
    return next;
  }
}
