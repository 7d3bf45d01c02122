import { drillDown, monthPeriod, openRunEnd, summarizeDays, summarizeMonth, summarizeUsage, UsageRun } from './usage-summary';
import { referenceDrillDown, referenceSummarizeDays, referenceSummarizeUsage } from './usage-summary.reference.spec-helper';

const at = (iso: string) => Date.parse(iso);
const run = (clientId: string, user: string, start: string, end: string | null): UsageRun => ({ clientId, user, startedAt: at(start), endedAt: end === null ? null : at(end) });
const MARCH = monthPeriod('2026-03')!;
const AFTER_MARCH = at('2026-04-15T00:00:00Z');

describe('the usage summarizer', () => {
  it('counts computers, users, launches, time and the peak of overlapping runs', () => {
    const runs = [
      run('pc1', 'alice', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'),
      run('pc2', 'bob', '2026-03-02T09:30:00Z', '2026-03-02T11:00:00Z'),
      run('pc3', 'carol', '2026-03-02T09:45:00Z', '2026-03-02T09:50:00Z'),
      run('pc1', 'alice', '2026-03-03T09:00:00Z', '2026-03-03T09:30:00Z'),
    ];
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH)).toEqual({
      computers: 3,
      users: 3,
      launches: 4,
      usageSeconds: 3600 + 5400 + 300 + 1800,
      peakConcurrentUsers: 3,
    });
  });

  it('counts two runs of one user on one computer at once as one licence in use, but both launches and times', () => {
    const runs = [run('pc1', 'alice', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'), run('pc1', 'alice', '2026-03-02T09:10:00Z', '2026-03-02T09:20:00Z')];
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH)).toMatchObject({ launches: 2, usageSeconds: 4200, peakConcurrentUsers: 1, users: 1 });
  });

  it('counts the same user on two computers at once twice in the peak', () => {
    const runs = [run('pc1', 'alice', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'), run('pc2', 'alice', '2026-03-02T09:10:00Z', '2026-03-02T09:20:00Z')];
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH)).toMatchObject({ users: 1, computers: 2, peakConcurrentUsers: 2 });
  });

  it('does not overlap a run that ends when another starts', () => {
    const runs = [run('pc1', 'alice', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'), run('pc2', 'bob', '2026-03-02T10:00:00Z', '2026-03-02T11:00:00Z')];
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH).peakConcurrentUsers).toBe(1);
  });

  it('splits a run across a month boundary: the time on each side, the launch in the month it started', () => {
    const runs = [run('pc1', 'alice', '2026-02-28T23:00:00Z', '2026-03-01T01:00:00Z')];
    expect(summarizeUsage(runs, monthPeriod('2026-02')!, AFTER_MARCH)).toEqual({ computers: 1, users: 1, launches: 1, usageSeconds: 3600, peakConcurrentUsers: 1 });
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH)).toEqual({ computers: 1, users: 1, launches: 0, usageSeconds: 3600, peakConcurrentUsers: 1 });
  });

  it('leaves out runs wholly outside the month, and one that ended exactly at its start', () => {
    const runs = [run('pc1', 'alice', '2026-02-10T09:00:00Z', '2026-02-10T10:00:00Z'), run('pc2', 'bob', '2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z')];
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH)).toEqual({ computers: 0, users: 0, launches: 0, usageSeconds: 0, peakConcurrentUsers: 0 });
  });

  it('counts an open run until now, and not at all in a month before it started', () => {
    const runs = [run('pc1', 'alice', '2026-03-31T22:00:00Z', null)];
    const now = at('2026-04-01T01:30:00Z');
    expect(summarizeUsage(runs, MARCH, now)).toMatchObject({ usageSeconds: 7200, launches: 1, peakConcurrentUsers: 1 });
    expect(summarizeUsage(runs, monthPeriod('2026-04')!, now)).toMatchObject({ usageSeconds: 5400, launches: 0, peakConcurrentUsers: 1 });
    expect(summarizeUsage(runs, monthPeriod('2026-02')!, now).computers).toBe(0);
  });

  it('counts a run of no length as a launch and in the peak', () => {
    const runs = [run('pc1', 'alice', '2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z')];
    expect(summarizeUsage(runs, MARCH, AFTER_MARCH)).toEqual({ computers: 1, users: 1, launches: 1, usageSeconds: 0, peakConcurrentUsers: 1 });
  });

  it('uses UTC days: the day Europe moves its clocks (2026-03-29) is 24 hours like any other', () => {
    // 00:30Z to 02:30Z on 2026-03-29 crosses 01:00Z, when Central Europe goes from +01:00 to +02:00.
    const runs = [run('pc1', 'alice', '2026-03-29T00:30:00Z', '2026-03-29T02:30:00Z'), run('pc2', 'bob', '2026-03-29T00:00:00Z', '2026-03-30T00:00:00Z')];
    const days = summarizeDays(runs, MARCH, AFTER_MARCH);
    expect(days).toHaveLength(31);
    expect(days.find((day) => day.day === '2026-03-29')).toEqual({ day: '2026-03-29', computers: 2, users: 2, launches: 2, usageSeconds: 7200 + 86_400, peakConcurrentUsers: 2 });
    expect(days.find((day) => day.day === '2026-03-30')?.usageSeconds).toBe(0);
  });

  it('gives the days of the current month up to today only', () => {
    expect(summarizeDays([], MARCH, at('2026-03-05T12:00:00Z')).map((day) => day.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
  });

  it('drills down to computers and users, most usage first', () => {
    const runs = [
      run('pc1', 'alice', '2026-03-02T09:00:00Z', '2026-03-02T10:00:00Z'),
      run('pc1', 'bob', '2026-03-02T11:00:00Z', '2026-03-02T11:10:00Z'),
      run('pc2', 'bob', '2026-03-03T09:00:00Z', '2026-03-03T12:00:00Z'),
    ];
    expect(drillDown(runs, MARCH, AFTER_MARCH, (id) => (id === 'pc1' ? 'host-1' : null))).toEqual({
      computers: [
        { clientId: 'pc2', name: null, launches: 1, usageSeconds: 10_800, users: ['bob'] },
        { clientId: 'pc1', name: 'host-1', launches: 2, usageSeconds: 4200, users: ['alice', 'bob'] },
      ],
      users: [
        { user: 'bob', launches: 2, usageSeconds: 11_400, computers: 2 },
        { user: 'alice', launches: 1, usageSeconds: 3600, computers: 1 },
      ],
    });
  });

  it('lets an open run count until now while its client spoke within the grace, and stop a grace after it went silent', () => {
    const hour = 3_600_000;
    const started = at('2026-03-02T09:00:00Z');
    expect(openRunEnd(started, at('2026-03-02T10:00:00Z'), hour, at('2026-03-02T10:30:00Z'))).toBeNull();
    expect(openRunEnd(started, at('2026-03-02T10:00:00Z'), hour, at('2026-03-09T00:00:00Z'))).toBe(at('2026-03-02T11:00:00Z'));
  });

  it('reads a month as YYYY-MM in UTC and nothing else', () => {
    expect(monthPeriod('2026-12')).toEqual({ from: at('2026-12-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
    expect(monthPeriod('2026-13')).toBeUndefined();
    expect(monthPeriod('2026-3')).toBeUndefined();
  });

  describe('gives exactly what the summarizer as first written gives', () => {
    /** A small deterministic pseudo-random generator, so a failure can be replayed. */
    const generator = (seed: number) => () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };

    it.each([1, 2, 3, 4, 5, 6, 7, 8])('on random runs around March (seed %i): overlaps, open runs, runs of no length, back-to-back runs', (seed) => {
      const random = generator(seed);
      const pick = (count: number) => Math.floor(random() * count);
      const minute = 60_000;
      const runs: UsageRun[] = Array.from({ length: 400 }, () => {
        // Whole minutes from mid-February to mid-April, so runs meet at the same instants and cross month and day boundaries.
        const startedAt = at('2026-02-20T00:00:00Z') + pick(50 * 24 * 60) * minute;
        const kind = pick(10);
        const endedAt = kind === 0 ? null : kind === 1 ? startedAt : startedAt + (kind === 2 ? pick(4 * 24 * 60) : pick(180)) * minute;
        return { clientId: `pc${pick(15)}`, user: ['alice', 'bob', 'carol', 'dave', 'Émile', 'emile'][pick(6)], startedAt, endedAt };
      });
      const name = (clientId: string) => (clientId.endsWith('3') ? null : `host-${clientId}`);
      for (const now of [at('2026-03-17T12:30:00Z'), AFTER_MARCH]) {
        expect(summarizeUsage(runs, MARCH, now)).toEqual(referenceSummarizeUsage(runs, MARCH, now));
        expect(summarizeDays(runs, MARCH, now)).toEqual(referenceSummarizeDays(runs, MARCH, now));
        expect(drillDown(runs, MARCH, now, name)).toEqual(referenceDrillDown(runs, MARCH, now, name));
        // Times that are not whole milliseconds take the slower sort: the same answers.
        const fractional = runs.map((run, index) => (index % 7 === 0 ? { ...run, startedAt: run.startedAt + 0.5 } : run));
        expect(summarizeUsage(fractional, MARCH, now)).toEqual(referenceSummarizeUsage(fractional, MARCH, now));
        expect(summarizeMonth(runs, MARCH, now, name)).toEqual({
          summary: referenceSummarizeUsage(runs, MARCH, now),
          days: referenceSummarizeDays(runs, MARCH, now),
          ...referenceDrillDown(runs, MARCH, now, name),
        });
      }
    });
  });
});
