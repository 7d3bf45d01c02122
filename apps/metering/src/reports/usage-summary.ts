import type { MeteringReport, UsageSummary } from '@sdp/contracts';

// The summarizer: pure functions over a rule's runs. Periods are half-open [from, to) in epoch
// milliseconds. Months and days are UTC (docs: "Software metering" in the README): a day is always
// 24 hours, so a daylight-saving change anywhere changes no number; an administrator east or west
// of UTC sees a run near midnight in the neighbouring UTC day.

/** One run of a metered program, as a client reported it. */
export interface UsageRun {
  clientId: string;
  user: string;
  /** Epoch ms. */
  startedAt: number;
  /** Epoch ms; null while it runs (it counts as running until `now`). */
  endedAt: number | null;
}

export interface Period {
  from: number;
  to: number;
}

const DAY_MS = 86_400_000;

/**
 * Runs prepared for summaries over many periods (a month's report reads 100,000 runs or more):
 * computers, users and user-and-computer pairs numbered in order of first appearance, and each
 * run's end settled (an open run runs until now).
 */
interface IndexedRuns {
  clientIds: string[];
  users: string[];
  pairCount: number;
  client: Int32Array;
  user: Int32Array;
  pair: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

function indexRuns(runs: readonly UsageRun[], now: number): IndexedRuns {
  const clientNumbers = new Map<string, number>();
  const userNumbers = new Map<string, number>();
  const pairNumbers = new Map<number, number>();
  const indexed: IndexedRuns = {
    clientIds: [],
    users: [],
    pairCount: 0,
    client: new Int32Array(runs.length),
    user: new Int32Array(runs.length),
    pair: new Int32Array(runs.length),
    start: new Float64Array(runs.length),
    end: new Float64Array(runs.length),
  };
  runs.forEach((run, index) => {
    const client = numberOf(clientNumbers, indexed.clientIds, run.clientId);
    const user = numberOf(userNumbers, indexed.users, run.user);
    // Below 2^53 (up to 94 million runs): there are no more computers or users than runs.
    const pairKey = client * runs.length + user;
    let pair = pairNumbers.get(pairKey);
    if (pair === undefined) {
      pair = indexed.pairCount++;
      pairNumbers.set(pairKey, pair);
    }
    indexed.client[index] = client;
    indexed.user[index] = user;
    indexed.pair[index] = pair;
    indexed.start[index] = run.startedAt;
    indexed.end[index] = run.endedAt ?? Math.max(now, run.startedAt);
  });
  return indexed;
}

function numberOf(numbers: Map<string, number>, names: string[], name: string): number {
  let number = numbers.get(name);
  if (number === undefined) {
    number = names.length;
    numbers.set(name, number);
    names.push(name);
  }
  return number;
}

/** The part of run `index` inside the period (its end already settled), or undefined if it did not run in it. */
function clip(runs: IndexedRuns, index: number, period: Period): { start: number; end: number } | undefined {
  const startedAt = runs.start[index];
  const end = Math.min(runs.end[index], period.to);
  const start = Math.max(startedAt, period.from);
  // A run of no length counts where it starts; any other where it overlaps.
  if (start > end || (start === end && !(startedAt >= period.from && startedAt < period.to))) {
    return undefined;
  }
  return { start, end };
}

function startsIn(runs: IndexedRuns, index: number, period: Period): boolean {
  return runs.start[index] >= period.from && runs.start[index] < period.to;
}

/**
 * One rule's usage in one period: distinct computers and users that ran it, the runs that started
 * in it, the seconds it ran (each run counts, overlapping or not), and the peak of distinct
 * user-and-computer pairs running it at one moment (two windows of one user on one computer are
 * one licence in use; a run ending when another starts does not overlap it).
 */
export function summarizeUsage(runs: readonly UsageRun[], period: Period, now: number): UsageSummary {
  const indexed = indexRuns(runs, now);
  return summarize(indexed, allRuns(indexed), period);
}

function allRuns(runs: IndexedRuns): Int32Array {
  return Int32Array.from({ length: runs.start.length }, (_, index) => index);
}

/** summarizeUsage over the runs `candidates` (runs not among them did not run in the period). */
function summarize(runs: IndexedRuns, candidates: Int32Array, period: Period): UsageSummary {
  const computers = new Uint8Array(runs.clientIds.length);
  const users = new Uint8Array(runs.users.length);
  let computerCount = 0;
  let userCount = 0;
  let launches = 0;
  let usageMs = 0;
  // Edges as (time since the period's start) × 2, + 1 for a start: ends sort before starts at
  // the same instant, so back-to-back runs do not overlap.
  const edgeAt = new Float64Array(candidates.length * 2);
  const edgePair = new Int32Array(candidates.length * 2);
  const edgeStarts = new Uint8Array(candidates.length * 2);
  let edges = 0;
  for (const index of candidates) {
    const part = clip(runs, index, period);
    if (!part) {
      continue;
    }
    if (computers[runs.client[index]] === 0) {
      computers[runs.client[index]] = 1;
      computerCount += 1;
    }
    if (users[runs.user[index]] === 0) {
      users[runs.user[index]] = 1;
      userCount += 1;
    }
    if (startsIn(runs, index, period)) {
      launches += 1;
    }
    usageMs += part.end - part.start;
    // A run of no length is present for an instant: long enough to count in the peak.
    edgeAt[edges] = (part.start - period.from) * 2 + 1;
    edgeStarts[edges] = 1;
    edgePair[edges++] = runs.pair[index];
    edgeAt[edges] = (Math.max(part.end, part.start + 1) - period.from) * 2;
    edgePair[edges++] = runs.pair[index];
  }
  const peak = peakOf(edgeAt.subarray(0, edges), edgeStarts, edgePair, runs.pairCount);
  return { computers: computerCount, users: userCount, launches, usageSeconds: Math.round(usageMs / 1000), peakConcurrentUsers: peak };
}

/** The most pairs running at once; a pair running twice at once counts once. */
function peakOf(edgeAt: Float64Array, edgeStarts: Uint8Array, edgePair: Int32Array, pairCount: number): number {
  const order = timeOrder(edgeAt);
  const running = new Int32Array(pairCount);
  let runningPairs = 0;
  let peak = 0;
  for (const edge of order) {
    const pair = edgePair[edge];
    if (edgeStarts[edge] === 1) {
      running[pair] += 1;
      if (running[pair] === 1) {
        runningPairs += 1;
        peak = Math.max(peak, runningPairs);
      }
    } else {
      running[pair] -= 1;
      if (running[pair] === 0) {
        runningPairs -= 1;
      }
    }
  }
  return peak;
}

/** Edge numbers in the order of their times (an edge's time says whether it is an end or a start). */
function timeOrder(edgeAt: Float64Array): Float64Array | Uint32Array {
  const shift = 2 ** Math.ceil(Math.log2(edgeAt.length + 1));
  const latest = edgeAt.reduce((max, at) => Math.max(max, at), 0);
  if (edgeAt.every((at) => Number.isInteger(at)) && Number.isSafeInteger(latest * shift + shift)) {
    // Times are whole milliseconds since the period's start: each with its edge number in the low
    // bits is one exact number, sorted natively (three times faster than with a comparator).
    return edgeAt
      .map((at, edge) => at * shift + edge)
      .sort()
      .map((packed) => packed % shift);
  }
  return Uint32Array.from({ length: edgeAt.length }, (_, edge) => edge).sort((left, right) => edgeAt[left] - edgeAt[right]);
}

/**
 * Where an open run ends in a report: nowhere yet (it counts until now) while the client said it
 * goes on within `graceMs`, otherwise `graceMs` after the client last said so (a computer that
 * went silent does not run it forever; its agent closes it properly when it comes back).
 */
export function openRunEnd(startedAt: number, reportedAt: number, graceMs: number, now: number): number | null {
  const lapsesAt = reportedAt + graceMs;
  return lapsesAt >= now ? null : Math.max(startedAt, lapsesAt);
}

/** The UTC month `YYYY-MM` as a period, or undefined when it is not one. */
export function monthPeriod(month: string): Period | undefined {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) {
    return undefined;
  }
  const year = Number(match[1]);
  const monthIndex = Number(match[2]) - 1;
  return { from: Date.UTC(year, monthIndex, 1), to: Date.UTC(year, monthIndex + 1, 1) };
}

/** The UTC month of an instant, `YYYY-MM`. */
export function monthOf(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** Each UTC day of a month that has begun by `now`, `YYYY-MM-DD`, with its summary. */
export function summarizeDays(runs: readonly UsageRun[], month: Period, now: number): (UsageSummary & { day: string })[] {
  return daysOf(indexRuns(runs, now), month, now);
}

function daysOf(runs: IndexedRuns, month: Period, now: number): (UsageSummary & { day: string })[] {
  // Each run is a candidate only for the days its part of the month spans.
  const dayCount = Math.ceil((month.to - month.from) / DAY_MS);
  const dayOf = (at: number) => Math.min(dayCount - 1, Math.max(0, Math.floor((at - month.from) / DAY_MS)));
  const candidates: number[][] = Array.from({ length: dayCount }, () => []);
  for (let index = 0; index < runs.start.length; index += 1) {
    const part = clip(runs, index, month);
    if (part) {
      for (let day = dayOf(part.start); day <= dayOf(part.end); day += 1) {
        candidates[day].push(index);
      }
    }
  }
  const days: (UsageSummary & { day: string })[] = [];
  for (let day = 0, from = month.from; from < month.to && from <= now; day += 1, from += DAY_MS) {
    days.push({ day: new Date(from).toISOString().slice(0, 10), ...summarize(runs, Int32Array.from(candidates[day]), { from, to: from + DAY_MS }) });
  }
  return days;
}

/** Drill-down of a period: each computer and each user that ran it, most usage first (then by name). */
export function drillDown(
  runs: readonly UsageRun[],
  period: Period,
  now: number,
  clientName: (clientId: string) => string | null,
): Pick<MeteringReport, 'computers' | 'users'> {
  return drillDownOf(indexRuns(runs, now), period, clientName);
}

interface Tally {
  launches: number;
  usageMs: number;
  /** Users of a computer, computers of a user, by number. */
  others: Set<number>;
}

function drillDownOf(runs: IndexedRuns, period: Period, clientName: (clientId: string) => string | null): Pick<MeteringReport, 'computers' | 'users'> {
  // In order of first appearance in the period, as ties of the sort below keep it.
  const computers = new Map<number, Tally>();
  const users = new Map<number, Tally>();
  const tally = (tallies: Map<number, Tally>, key: number, other: number, launched: number, usageMs: number) => {
    let entry = tallies.get(key);
    if (!entry) {
      entry = { launches: 0, usageMs: 0, others: new Set() };
      tallies.set(key, entry);
    }
    entry.launches += launched;
    entry.usageMs += usageMs;
    entry.others.add(other);
  };
  for (let index = 0; index < runs.start.length; index += 1) {
    const part = clip(runs, index, period);
    if (!part) {
      continue;
    }
    const launched = startsIn(runs, index, period) ? 1 : 0;
    tally(computers, runs.client[index], runs.user[index], launched, part.end - part.start);
    tally(users, runs.user[index], runs.client[index], launched, part.end - part.start);
  }
  return {
    computers: [...computers.entries()]
      .map(([client, { launches, usageMs, others }]) => {
        const clientId = runs.clientIds[client];
        return { clientId, name: clientName(clientId), launches, usageSeconds: Math.round(usageMs / 1000), users: [...others].map((user) => runs.users[user]).sort() };
      })
      .sort((left, right) => right.usageSeconds - left.usageSeconds || left.clientId.localeCompare(right.clientId)),
    users: [...users.entries()]
      .map(([user, { launches, usageMs, others }]) => ({ user: runs.users[user], launches, usageSeconds: Math.round(usageMs / 1000), computers: others.size }))
      .sort((left, right) => right.usageSeconds - left.usageSeconds || left.user.localeCompare(right.user)),
  };
}

/** A month's report body: its summary, each day so far, and the drill-down, the runs prepared once. */
export function summarizeMonth(
  runs: readonly UsageRun[],
  month: Period,
  now: number,
  clientName: (clientId: string) => string | null,
): Pick<MeteringReport, 'summary' | 'days' | 'computers' | 'users'> {
  const indexed = indexRuns(runs, now);
  return { summary: summarize(indexed, allRuns(indexed), month), days: daysOf(indexed, month, now), ...drillDownOf(indexed, month, clientName) };
}
