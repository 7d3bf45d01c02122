const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB": binary units, one decimal from KiB on. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

export function formatRate(bytes: number, elapsedMs: number): string {
  const perSecond = elapsedMs > 0 ? (bytes * 1000) / elapsedMs : 0;
  return `${formatBytes(perSecond)}/s`;
}

/** A bar of `size` cells; an unknown total (0) shows an empty bar, never a division by zero. */
export function progressBar(done: number, total: number, size = 20): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * size);
  return `[${'#'.repeat(filled)}${'-'.repeat(size - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

/** The upload line: bar, bytes sent of the expected total, and the average rate so far. */
export function uploadProgressLine(sent: number, total: number, elapsedMs: number): string {
  return `${progressBar(sent, total)} ${formatBytes(sent)} / ${formatBytes(total)}  ${formatRate(sent, elapsedMs)}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
