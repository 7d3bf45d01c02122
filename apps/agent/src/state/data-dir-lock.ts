import { open, readFile, unlink } from 'node:fs/promises';

/**
 * One process at a time works on a data directory (the service loop, or `sdp-agent run`): they
 * share the report sequence and the history. The lock names its holder's PID, so a lock left by
 * a crashed process is taken over.
 */
export async function acquireDataDirLock(path: string, timeoutMs: number, pollMs = 200): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    if (await holderIsGone(path)) {
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`another sdp-agent process is working on this data directory (lock ${path})`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function holderIsGone(path: string): Promise<boolean> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    // Written but not yet filled by a live holder, or garbage: only garbage stays that way.
    return text.trim().length > 0;
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
