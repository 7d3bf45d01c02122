/**
 * The logging this library needs, shaped so a pino logger fits as is: the library does not
 * depend on a logging package; services hand theirs in.
 */
export interface MessagingLogger {
  debug(context: Record<string, unknown>, message: string): void;
  info(context: Record<string, unknown>, message: string): void;
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

const ignore = (): void => undefined;

/** For tests and tools that want no output. */
export const silentLogger: MessagingLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** The message and stack of anything thrown, for a log context. */
export function describeError(error: unknown): { error: string; stack?: string } {
  if (error instanceof Error) {
    return { error: `${error.name}: ${error.message}`, stack: error.stack };
  }
  return { error: String(error) };
}
