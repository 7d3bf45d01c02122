/** The source location could not be listed or read (unreachable, wrong credentials, missing bucket). */
export class SourceUnreadable extends Error {
  constructor(cause: unknown) {
    super(`the source location could not be read: ${(cause as { code?: string }).code ?? (cause as Error).message ?? String(cause)}`);
    this.name = 'SourceUnreadable';
  }
}
