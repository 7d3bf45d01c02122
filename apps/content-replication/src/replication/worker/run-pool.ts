/**
 * Runs `work` over `items` with at most `concurrency` in flight. Stops starting new items after
 * the first failure (or when `signal` aborts) and rejects with that failure once the running ones
 * have settled, so no copy is left running behind the caller's back.
 */
export async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      if (signal?.aborted) {
        failure = { error: signal.reason ?? new Error('aborted') };
        return;
      }
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure !== undefined) throw failure.error;
}
