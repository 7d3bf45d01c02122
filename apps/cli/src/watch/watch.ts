import type { CommandContext, OptionSpec, OptionValues } from '../core/command';
import { printable, printableJson, printableLines } from '@sdp/text';
import { CliError, EXIT_TIMEOUT, UsageError } from '../core/errors';
import { integer, text } from '../core/values';
import { decide, frameFor } from './frames';

export const WATCH_INTERVAL_MS = 2000;

export function watchOptions(untilValues: readonly string[]): Record<string, OptionSpec> {
  return {
    watch: { type: 'boolean', help: `redraw every ${WATCH_INTERVAL_MS / 1000} s until Ctrl-C` },
    until: { type: 'string', value: untilValues.join('|'), help: 'with --watch: end (exit 0) once reached; exit 1 if it failed' },
    timeout: { type: 'string', value: 'S', help: 'with --watch: end after S seconds (exit 3 when --until was not reached)' },
  };
}

export interface WatchRequest<T> {
  context: CommandContext;
  values: OptionValues;
  heading: string;
  untilValues: readonly string[];
  load(): Promise<T>;
  render(value: T): string;
  /** Judges a snapshot against the --until goal. */
  outcome(value: T, until: string): { done: boolean; failure?: string };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** One snapshot without --watch; with it, a live view until Ctrl-C, the --until goal or --timeout. */
export async function showOrWatch<T>(request: WatchRequest<T>): Promise<void> {
  const { context, values } = request;
  const until = text(values, 'until');
  const timeoutSeconds = integer(values, 'timeout', 1);
  const watching = values.watch === true;
  if (!watching && (until !== undefined || timeoutSeconds !== undefined)) throw new UsageError('--until and --timeout go with --watch');
  if (until !== undefined && !request.untilValues.includes(until)) throw new UsageError(`--until must be one of ${request.untilValues.join(', ')}`);
  const asText = (value: T) => (context.json ? printableJson(value, context.stdout.isTTY ? 2 : undefined) : printableLines(request.render(value)));
  if (!watching) {
    context.stdout.write(`${asText(await request.load())}\n`);
    return;
  }
  const started = Date.now();
  const timeoutMs = timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000;
  let previous: string | undefined;
  let loadedOnce = false;
  while (!context.signal.aborted) {
    let view: string;
    let outcome: { done: boolean; failure?: string } | undefined;
    try {
      const value = await request.load();
      loadedOnce = true;
      view = asText(value);
      outcome = until === undefined ? undefined : request.outcome(value, until);
    } catch (error) {
      // A service restarting mid-watch is shown and retried; a wrong ID on the first call is not.
      if (!loadedOnce) throw error;
      view = printable(`sdp: ${(error as Error).message} (retrying)`);
    }
    const frame = frameFor(view, previous, context.stdout.isTTY, `${request.heading}  (every ${WATCH_INTERVAL_MS / 1000} s, ${new Date().toLocaleTimeString()})`);
    if (frame !== undefined) context.stdout.write(frame);
    previous = view;
    const decision = decide(outcome, Date.now() - started, timeoutMs);
    if (decision.failure) throw new CliError(decision.failure);
    if (decision.timedOut) throw new CliError(`gave up after ${timeoutSeconds} s: not ${until} yet`, EXIT_TIMEOUT);
    if (decision.stop) return;
    await sleep(Math.min(WATCH_INTERVAL_MS, timeoutMs === undefined ? WATCH_INTERVAL_MS : Math.max(0, started + timeoutMs - Date.now())), context.signal);
  }
}
