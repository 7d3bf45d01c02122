import type { InstalledUnusedReport, MeteringReport, MeteringRuleData } from '@sdp/contracts';
import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { COMMANDS } from '.';
import { formatDuration } from './metering-views';

const rule: MeteringRuleData = {
  id: 'S0100001',
  productName: 'Contoso Word',
  fileName: 'WINWORD.EXE',
  originalFileName: null,
  fileVersion: '16.*',
  language: null,
  installedSoftwareName: 'Contoso Word*',
  platforms: [{ os: 'windows', arch: 'x64' }],
  site: null,
  licencesOwned: 2,
  enabled: true,
  createdAt: '2026-03-02T09:30:00Z',
  updatedAt: '2026-03-02T09:30:00Z',
};

const report: MeteringReport = {
  ruleId: 'S0100001',
  productName: 'Contoso Word',
  licencesOwned: 2,
  month: '2026-03',
  summary: { computers: 2, users: 3, launches: 4, usageSeconds: 9000, peakConcurrentUsers: 3 },
  overLicences: true,
  days: [
    { day: '2026-03-01', computers: 0, users: 0, launches: 0, usageSeconds: 0, peakConcurrentUsers: 0 },
    { day: '2026-03-02', computers: 2, users: 3, launches: 4, usageSeconds: 9000, peakConcurrentUsers: 3 },
  ],
  computers: [{ clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', name: 'ws-berlin-042', launches: 3, usageSeconds: 7200, users: ['alice', 'bob'] }],
  computersTotal: 2,
  users: [{ user: 'alice', launches: 2, usageSeconds: 5400, computers: 1 }],
  usersTotal: 3,
};

const unused: InstalledUnusedReport = {
  ruleId: 'S0100001',
  productName: 'Contoso Word',
  days: 30,
  since: '2026-02-01T00:00:00.000Z',
  computers: [
    { clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', clientName: 'ws-berlin-042', softwareName: 'Contoso Word 16', softwareVersion: '16.0.1', lastUsedAt: '2026-01-03T10:00:00.000Z' },
    { clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e80', clientName: 'ws-paris-007', softwareName: 'Contoso Word 16', softwareVersion: null, lastUsedAt: null },
  ],
};

/** Runs `sdp metering ...` against a metering service that answers every request with `answer` (or what it gives for the URL). */
async function run(argv: string[], answer: unknown = rule, json = false) {
  const answerTo = (url: string) => (typeof answer === 'function' ? (answer as (url: string) => unknown)(url) : answer);
  const command = COMMANDS.filter((spec) => argv.slice(0, spec.words.length).join(' ') === spec.words.join(' ')).sort((a, b) => b.words.length - a.words.length)[0];
  const requested: { method: string; url: string; body?: unknown }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    requested.push({ method: String(init.method), url: String(url), ...(init.body !== undefined && { body: JSON.parse(String(init.body)) }) });
    return init.method === 'DELETE' ? new Response(null, { status: 204 }) : new Response(JSON.stringify(answerTo(String(url))), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  let printed = '';
  const terminal: Terminal = { write: (text) => void (printed += text), isTTY: false };
  const context: CommandContext = { api: new ApiClient(DEFAULT_SETTINGS, fetchImpl), settings: DEFAULT_SETTINGS, json, env: {}, stdout: terminal, stderr: terminal, signal: new AbortController().signal };
  await command.run(context, inputOf(argv));
  return { printed, requested };
}

describe('sdp metering', () => {
  it('creates a rule from its options on the metering service', async () => {
    const { printed, requested } = await run(['metering', 'rule', 'create', '--product', 'Contoso Word', '--file', 'WINWORD.EXE', '--version', '16.*', '--platform', 'windows/x64', '--licences', '2']);
    expect(requested).toEqual([
      {
        method: 'POST',
        url: 'http://127.0.0.1:3005/api/v1/metering/rules',
        body: { productName: 'Contoso Word', fileName: 'WINWORD.EXE', fileVersion: '16.*', platforms: [{ os: 'windows', arch: 'x64' }], licencesOwned: 2 },
      },
    ]);
    expect(printed).toMatch(/File version +16\.\*/);
    expect(printed).toMatch(/Platforms +windows\/x64/);
  });

  it('needs a product and an executable to create a rule, and a whole number of licences', async () => {
    await expect(run(['metering', 'rule', 'create', '--file', 'a'])).rejects.toThrow('--product is required');
    await expect(run(['metering', 'rule', 'create', '--product', 'P'])).rejects.toThrow('--file or --original-file');
    await expect(run(['metering', 'rule', 'create', '--product', 'P', '--file', 'a', '--licences', 'lots'])).rejects.toThrow('--licences must be a whole number');
  });

  it('updates only the fields given, clears with none/any, and enables and disables with PATCH', async () => {
    const update = await run(['metering', 'rule', 'update', 's0100001', '--original-file', 'none', '--language', 'any', '--licences', '5']);
    expect(update.requested).toEqual([{ method: 'PATCH', url: 'http://127.0.0.1:3005/api/v1/metering/rules/S0100001', body: { originalFileName: null, language: null, licencesOwned: 5 } }]);
    await expect(run(['metering', 'rule', 'update', 'S0100001'])).rejects.toThrow('nothing to change');
    expect((await run(['metering', 'rule', 'disable', 'S0100001'])).requested[0]).toMatchObject({ method: 'PATCH', body: { enabled: false } });
    expect((await run(['metering', 'rule', 'enable', 'S0100001'])).requested[0]).toMatchObject({ method: 'PATCH', body: { enabled: true } });
  });

  it('lists, shows and deletes rules', async () => {
    const list = await run(['metering', 'rule', 'list'], { items: [rule], nextCursor: null });
    expect(list.requested[0].url).toBe('http://127.0.0.1:3005/api/v1/metering/rules?limit=500');
    expect(list.printed).toMatch(/S0100001 +Contoso Word +WINWORD\.EXE +16\.\* +windows\/x64 +2 +yes/);
    expect((await run(['metering', 'rule', 'show', 'S0100001'])).requested[0]).toEqual({ method: 'GET', url: 'http://127.0.0.1:3005/api/v1/metering/rules/S0100001' });
    const deleted = await run(['metering', 'rule', 'delete', 'S0100001']);
    expect(deleted.requested[0].method).toBe('DELETE');
    expect(deleted.printed).toContain('deleted metering rule S0100001');
  });

  it('shows a month report against the licences owned, per day, computer and user', async () => {
    const { printed, requested } = await run(['metering', 'report', 's0100001', '--month', '2026-03'], report);
    expect(requested[0].url).toBe('http://127.0.0.1:3005/api/v1/metering/rules/S0100001/report?month=2026-03');
    expect(printed).toMatch(/Peak concurrent users +3 of 2 licences owned — 1 over/);
    expect(printed).toMatch(/Usage +2h 30m/);
    expect(printed).toMatch(/2026-03-02 +2 +3 +4 +2h 30m +3/);
    expect(printed).not.toContain('2026-03-01');
    expect(printed).toMatch(/ws-berlin-042 +3 +2h 00m +alice, bob/);
    expect(printed).toMatch(/alice +2 +1h 30m +1/);
    // The drill-down is the first page: the rest are named, with the command that shows them.
    expect(printed).toContain('1 more computers (2 in all): sdp metering report S0100001 --month 2026-03 --all');
    expect(printed).toContain('2 more users (3 in all): sdp metering report S0100001 --month 2026-03 --all');
  });

  it('reads every page of the drill-down with --all, for the month the report answered', async () => {
    const paris = { clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e80', name: 'ws-paris-007', launches: 1, usageSeconds: 1800, users: ['carol'] };
    const others = [
      { user: 'bob', launches: 1, usageSeconds: 1800, computers: 1 },
      { user: 'carol', launches: 1, usageSeconds: 1800, computers: 1 },
    ];
    const answer = (url: string) =>
      url.includes('/report/computers') ? { ruleId: 'S0100001', month: '2026-03', offset: 1, limit: 1000, total: 2, items: [paris] } : url.includes('/report/users') ? { ruleId: 'S0100001', month: '2026-03', offset: 1, limit: 1000, total: 3, items: others } : report;
    const { printed, requested } = await run(['metering', 'report', 'S0100001', '--all'], answer);
    expect(requested.map((request) => request.url)).toEqual([
      'http://127.0.0.1:3005/api/v1/metering/rules/S0100001/report',
      'http://127.0.0.1:3005/api/v1/metering/rules/S0100001/report/computers?month=2026-03&offset=1&limit=1000',
      'http://127.0.0.1:3005/api/v1/metering/rules/S0100001/report/users?month=2026-03&offset=1&limit=1000',
    ]);
    expect(printed).toMatch(/ws-paris-007 +1 +30m +carol/);
    expect(printed).toMatch(/carol +1 +30m +1/);
    expect(printed).not.toContain('more');
    const json = await run(['metering', 'report', 'S0100001', '--all'], answer, true);
    expect(JSON.parse(json.printed)).toMatchObject({ computers: [report.computers[0], paris], users: [report.users[0], ...others], computersTotal: 2, usersTotal: 3 });
  });

  it('prints the report as JSON with --json, and asks for the current month without --month', async () => {
    const { printed, requested } = await run(['metering', 'report', 'S0100001'], report, true);
    expect(requested[0].url).toBe('http://127.0.0.1:3005/api/v1/metering/rules/S0100001/report');
    expect(JSON.parse(printed)).toEqual(report);
    await expect(run(['metering', 'report', 'S0100001', '--month', '2026-3'])).rejects.toThrow('--month must be YYYY-MM');
  });

  it('sets and clears the installed software name pattern', async () => {
    const create = await run(['metering', 'rule', 'create', '--product', 'Contoso Word', '--file', 'WINWORD.EXE', '--installed-name', 'Contoso Word*']);
    expect(create.requested[0].body).toEqual({ productName: 'Contoso Word', fileName: 'WINWORD.EXE', installedSoftwareName: 'Contoso Word*' });
    expect(create.printed).toMatch(/Installed name +Contoso Word\*/);
    const update = await run(['metering', 'rule', 'update', 'S0100001', '--installed-name', 'none']);
    expect(update.requested[0].body).toEqual({ installedSoftwareName: null });
  });

  it('lists computers that have the product installed but did not use it, with --days', async () => {
    const { printed, requested } = await run(['metering', 'unused', 's0100001', '--days', '30'], unused);
    expect(requested).toEqual([{ method: 'GET', url: 'http://127.0.0.1:3005/api/v1/metering/rules/S0100001/installed-unused?days=30' }]);
    expect(printed).toMatch(/COMPUTER +SOFTWARE +VERSION +LAST USED/);
    expect(printed).toMatch(/ws-berlin-042 +Contoso Word 16 +16\.0\.1 +2026-01-03T10:00:00\.000Z/);
    expect(printed).toMatch(/ws-paris-007 +Contoso Word 16 +- +never/);
    expect((await run(['metering', 'unused', 'S0100001'], unused)).requested[0].url).toBe('http://127.0.0.1:3005/api/v1/metering/rules/S0100001/installed-unused');
    expect(JSON.parse((await run(['metering', 'unused', 'S0100001'], unused, true)).printed)).toEqual(unused);
    await expect(run(['metering', 'unused', 'S0100001', '--days', '0'])).rejects.toThrow('--days must be between 1 and 3650');
    await expect(run(['metering', 'unused', 'S0100001', '--days', 'many'])).rejects.toThrow('--days must be a whole number');
  });

  it('writes durations as hours and minutes', () => {
    expect([formatDuration(0), formatDuration(59), formatDuration(600), formatDuration(5400), formatDuration(90_061)]).toEqual(['0s', '59s', '10m', '1h 30m', '25h 01m']);
  });
});
