/**
 * Polls until `check` returns a value other than undefined, or fails after the deadline with
 * the last description: tests wait for conditions, never for a fixed time.
 */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined>,
  options: { timeoutMs?: number; intervalMs?: number; progress?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      const progress = options.progress ? ` (${await options.progress()})` : '';
      throw new Error(`timed out waiting for ${description}${progress}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
