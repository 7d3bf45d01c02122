// The summarizer as first written (one pass over every run per period, string keys): the
// definition the faster summarizer of usage-summary.ts is checked against, run for run.
import type { MeteringReport, UsageSummary } from '@sdp/contracts';
import type { Period, UsageRun } from './usage-summary';

const DAY_MS = 86_400_000;

/** The part of a run inside the period, up to `now` (an open run runs until now), or undefined if it did not run in it. */
function clip(run: UsageRun, period: Period, now: number): { start: number; end: number } | undefined {
  const end = Math.min(run.endedAt ?? Math.max(now, run.startedAt), period.to);
  const start = Math.max(run.startedAt, period.from);
  // A run of no length counts where it starts; any other where it overlaps.
  if (start > end || (start === end && !(run.startedAt >= period.from && run.startedAt < period.to))) {
    return undefined;
  }
  return { start, end };
}

/**
 * One rule's usage in one period: distinct computers and users that ran it, the runs that started
 * in it, the seconds it ran (each run counts, overlapping or not), and the peak of distinct
 * user-and-computer pairs running it at one moment (two windows of one user on one computer are
 * one licence in use; a run ending when another starts does not overlap it).
 */
export function referenceSummarizeUsage(runs: readonly UsageRun[], period: Period, now: number): UsageSummary {
  const computers = new Set<string>();
  const users = new Set<string>();
  let launches = 0;
  let usageMs = 0;
  const edges: { at: number; delta: 1 | -1; key: string }[] = [];
  for (const run of runs) {
    const part = clip(run, period, now);
    if (!part) {
      continue;
    }
    computers.add(run.clientId);
    users.add(run.user);
    if (run.startedAt >= period.from && run.startedAt < period.to) {
      launches += 1;
    }
    usageMs += part.end - part.start;
    const key = `${run.clientId}\u0000${run.user}`;
    // A run of no length is present for an instant: long enough to count in the peak.
    edges.push({ at: part.start, delta: 1, key }, { at: Math.max(part.end, part.start + 1), delta: -1, key });
  }
  return { computers: computers.size, users: users.size, launches, usageSeconds: Math.round(usageMs / 1000), peakConcurrentUsers: peakOf(edges) };
}

function peakOf(edges: { at: number; delta: 1 | -1; key: string }[]): number {
  // Ends before starts at the same instant: back-to-back runs do not overlap.
  edges.sort((left, right) => left.at - right.at || left.delta - right.delta);
  const running = new Map<string, number>();
  let peak = 0;
  for (const edge of edges) {
    const count = (running.get(edge.key) ?? 0) + edge.delta;
    if (count === 0) {
      running.delete(edge.key);
    } else {
      running.set(edge.key, count);
    }
    peak = Math.max(peak, running.size);
  }
  return peak;
}

/** Each UTC day of a month that has begun by `now`, `YYYY-MM-DD`, with its summary. */
export function referenceSummarizeDays(runs: readonly UsageRun[], month: Period, now: number): (UsageSummary & { day: string })[] {
  const days: (UsageSummary & { day: string })[] = [];
  for (let from = month.from; from < month.to && from <= now; from += DAY_MS) {
    days.push({ day: new Date(from).toISOString().slice(0, 10), ...referenceSummarizeUsage(runs, { from, to: from + DAY_MS }, now) });
  }
  return days;
}

/** Drill-down of a period: each computer and each user that ran it, most usage first (then by name). */
export function referenceDrillDown(
  runs: readonly UsageRun[],
  period: Period,
  now: number,
  clientName: (clientId: string) => string | null,
): Pick<MeteringReport, 'computers' | 'users'> {
  const computers = new Map<string, { launches: number; usageMs: number; users: Set<string> }>();
  const users = new Map<string, { launches: number; usageMs: number; computers: Set<string> }>();
  for (const run of runs) {
    const part = clip(run, period, now);
    if (!part) {
      continue;
    }
    const launched = run.startedAt >= period.from && run.startedAt < period.to ? 1 : 0;
    const computer = computers.get(run.clientId) ?? { launches: 0, usageMs: 0, users: new Set<string>() };
    computer.launches += launched;
    computer.usageMs += part.end - part.start;
    computer.users.add(run.user);
    computers.set(run.clientId, computer);
    const user = users.get(run.user) ?? { launches: 0, usageMs: 0, computers: new Set<string>() };
    user.launches += launched;
    user.usageMs += part.end - part.start;
    user.computers.add(run.clientId);
    users.set(run.user, user);
  }
  return {
    computers: [...computers.entries()]
      .map(([clientId, { launches, usageMs, users: names }]) => ({ clientId, name: clientName(clientId), launches, usageSeconds: Math.round(usageMs / 1000), users: [...names].sort() }))
      .sort((left, right) => right.usageSeconds - left.usageSeconds || left.clientId.localeCompare(right.clientId)),
    users: [...users.entries()]
      .map(([user, { launches, usageMs, computers: ids }]) => ({ user, launches, usageSeconds: Math.round(usageMs / 1000), computers: ids.size }))
      .sort((left, right) => right.usageSeconds - left.usageSeconds || left.user.localeCompare(right.user)),
  };
}
