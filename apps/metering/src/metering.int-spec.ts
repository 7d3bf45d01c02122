import {
  ClientData,
  ClientMeteringRules,
  CloudEvent,
  EventTypes,
  MeteringReport,
  MeteringReportComputer,
  MeteringReportPage,
  MeteringReportUser,
  MeteringRuleData,
  TOPICS,
  UsageIngestResult,
} from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { MeteringTestKit } from './test-support/metering-test-kit';

function clientFixture(id: string, fields: Partial<ClientData> = {}): ClientData {
  return {
    id,
    name: `host-${id.slice(0, 8)}`,
    hardwareId: `hw-${id}`,
    domain: null,
    os: { name: 'linux', version: '6.8.0', arch: 'x64' },
    siteCode: 'S01',
    ipAddresses: ['10.1.0.5'],
    inventory: {},
    approved: true,
    blocked: false,
    keyGeneration: 0,
    conflictsWith: null,
    registeredAt: '2026-03-01T07:00:00Z',
    lastSeenAt: '2026-03-01T07:00:00Z',
    updatedAt: '2026-03-01T07:00:00Z',
    ...fields,
  };
}

describe('metering (real Kafka, PostgreSQL)', () => {
  let kit: MeteringTestKit;
  let published: { events: CloudEvent[]; stop: () => Promise<void> };
  const linuxClient = randomUUID();
  const windowsClient = randomUUID();

  beforeAll(async () => {
    kit = await MeteringTestKit.start({ SDP_ADMIN_TOKENS: 'dev-admin-token:admin,operator-token:operator,viewer-token:viewer' });
    published = await kit.readOwnTopic(TOPICS.meteringRules);
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(linuxClient));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(windowsClient, { os: { name: 'windows', version: '10.0.19045', arch: 'x64' } }));
  });

  afterAll(async () => {
    await published?.stop();
    await kit?.close();
  });

  const createRule = async (body: Record<string, unknown>, token?: string) => kit.http<MeteringRuleData>('POST', '/metering/rules', { body, token });

  describe('rules', () => {
    it('creates, shows, lists, updates, disables and deletes a rule, each through an event on sdp.metering.rules.v1', async () => {
      const created = await createRule({ productName: 'Editor', fileName: 'editor', fileVersion: '2.*', licencesOwned: 3 }, 'operator-token');
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ productName: 'Editor', fileName: 'editor', originalFileName: null, fileVersion: '2.*', platforms: 'any', licencesOwned: 3, enabled: true });
      const id = created.body.id;
      // Read your writes: the answer names the event it caused.
      expect(created.headers.get('sdp-consistency')).toBe(`${TOPICS.meteringRules}~${id}~1`);
      expect((await kit.http('GET', `/metering/rules/${id}`, { token: 'viewer-token' })).body).toEqual(created.body);
      const list = await kit.http<{ items: MeteringRuleData[] }>('GET', '/metering/rules', { token: 'viewer-token' });
      expect(list.body.items.map((rule) => rule.id)).toContain(id);

      const updated = await kit.http<MeteringRuleData>('PATCH', `/metering/rules/${id}`, { body: { licencesOwned: 5, platforms: [{ os: 'linux', arch: 'x64' }] }, token: 'operator-token' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ licencesOwned: 5, platforms: [{ os: 'linux', arch: 'x64' }], fileVersion: '2.*', createdAt: created.body.createdAt });
      const disabled = await kit.http<MeteringRuleData>('PATCH', `/metering/rules/${id}`, { body: { enabled: false } });
      expect(disabled.body.enabled).toBe(false);

      expect((await kit.http('DELETE', `/metering/rules/${id}`, { token: 'operator-token' })).status).toBe(403);
      expect((await kit.http('DELETE', `/metering/rules/${id}`)).status).toBe(204);
      expect((await kit.http<{ code: string }>('GET', `/metering/rules/${id}`)).body.code).toBe('METERING_RULE_NOT_FOUND');

      const events = await eventually(async () => {
        const mine = published.events.filter((event) => event.subject === id);
        return mine.length >= 4 ? mine : undefined;
      }, 20_000, 'rule events');
      expect(events.map((event) => event.type)).toEqual([
        EventTypes.metering.meteringRuleCreated,
        EventTypes.metering.meteringRuleUpdated,
        EventTypes.metering.meteringRuleUpdated,
        EventTypes.metering.meteringRuleDeleted,
      ]);
      expect(events[0].data).toEqual(created.body);
      expect(events[2].data).toMatchObject({ enabled: false, licencesOwned: 5 });
    });

    it('lets viewers read but not write, and no one in without a token', async () => {
      expect((await createRule({ productName: 'X', fileName: 'x' }, 'viewer-token')).status).toBe(403);
      const anonymous = await fetch(`${kit.service.url}/api/v1/metering/rules`);
      expect(anonymous.status).toBe(401);
      expect((await kit.http('GET', '/metering/rules', { token: kit.clientToken(linuxClient) })).status).toBe(403);
    });

    it.each<[Record<string, unknown>, string]>([
      [{ productName: 'No executable' }, 'fileName'],
      [{ productName: 'Blank executable', fileName: ' ', originalFileName: null }, 'fileName'],
      [{ productName: 'Bad version', fileName: 'a', fileVersion: '16..*' }, 'fileVersion'],
      [{ productName: 'Negative', fileName: 'a', licencesOwned: -1 }, 'licencesOwned'],
      [{ productName: 'Bad platforms', fileName: 'a', platforms: [{ os: 'beos', arch: 'x64' }] }, 'platforms'],
      [{ productName: 'Bad language', fileName: 'a', language: 'english (US)' }, 'language'],
      [{ productName: 'Path', fileName: '/usr/bin/a' }, 'fileName'],
    ])('refuses %j with 422 naming %s', async (body, field) => {
      const answer = await createRule(body);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'METERING_RULE_INVALID', details: [{ field }] });
    });

    it('refuses an update that would leave the rule without an executable, and changes nothing', async () => {
      const rule = (await createRule({ productName: 'Keep', fileName: 'keep' })).body;
      const answer = await kit.http<{ details: { field: string }[] }>('PATCH', `/metering/rules/${rule.id}`, { body: { fileName: null } });
      expect(answer.status).toBe(422);
      expect(answer.body.details[0].field).toBe('fileName');
      expect((await kit.http<MeteringRuleData>('GET', `/metering/rules/${rule.id}`)).body.fileName).toBe('keep');
    });

    it('refuses wrong types with 400 and an unknown ID with 404', async () => {
      expect((await createRule({ productName: 'Types', fileName: 'a', licencesOwned: 'many' })).status).toBe(400);
      expect((await createRule({ productName: 'Types', fileName: 'a', unknown: 1 })).status).toBe(400);
      expect((await kit.http('PATCH', '/metering/rules/nonsense', { body: { enabled: true } })).status).toBe(404);
    });
  });

  describe('what clients get and send', () => {
    let linuxRule: MeteringRuleData;
    let anyRule: MeteringRuleData;

    beforeAll(async () => {
      linuxRule = (await createRule({ productName: 'Linux tool', fileName: 'ltool', platforms: [{ os: 'linux', arch: 'x64' }], licencesOwned: 1 })).body;
      anyRule = (await createRule({ productName: 'Any tool', originalFileName: 'anytool.exe', fileVersion: '3.?' })).body;
      await createRule({ productName: 'Disabled', fileName: 'off', enabled: false });
    });

    const rulesOf = (clientId: string, headers: Record<string, string> = {}) =>
      kit.http<ClientMeteringRules>('GET', `/clients/${clientId}/metering-rules`, { token: kit.clientToken(clientId), headers });

    it("gives a client the enabled rules of its platform, with an ETag, and 304 while they are unchanged", async () => {
      const linux = await eventually(async () => {
        const answer = await rulesOf(linuxClient);
        return answer.status === 200 ? answer : undefined;
      }, 20_000, 'client known');
      const ids = linux.body.rules.map((rule) => rule.id);
      expect(ids).toEqual(expect.arrayContaining([linuxRule.id, anyRule.id]));
      expect(linux.body.rules.find((rule) => rule.id === anyRule.id)).toEqual({
        id: anyRule.id,
        productName: 'Any tool',
        fileName: null,
        originalFileName: 'anytool.exe',
        fileVersion: '3.?',
        language: null,
      });
      expect(linux.body.rules.every((rule) => rule.productName !== 'Disabled')).toBe(true);
      const windows = await eventually(async () => {
        const answer = await rulesOf(windowsClient);
        return answer.status === 200 ? answer : undefined;
      }, 20_000, 'windows client known');
      expect(windows.body.rules.map((rule) => rule.id)).not.toContain(linuxRule.id);

      const etag = linux.headers.get('etag')!;
      expect((await rulesOf(linuxClient, { 'if-none-match': etag })).status).toBe(304);
      await kit.http('PATCH', `/metering/rules/${linuxRule.id}`, { body: { fileVersion: '1.*' } });
      const changed = await rulesOf(linuxClient, { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
    });

    it("refuses another client's rules and usage, and an unknown client's with 404 and Retry-After", async () => {
      expect((await kit.http('GET', `/clients/${linuxClient}/metering-rules`, { token: kit.clientToken(windowsClient) })).status).toBe(403);
      expect((await kit.http('POST', `/clients/${linuxClient}/usage`, { token: kit.clientToken(windowsClient), body: { records: [] } })).status).toBe(403);
      const stranger = randomUUID();
      const unknown = await rulesOf(stranger);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('retry-after')).toBe('1');
    });

    it('stores usage once per record ID, closes open records, drops unknown rules, and reports the numbers', async () => {
      const send = (clientId: string, records: unknown[]) => kit.http<UsageIngestResult>('POST', `/clients/${clientId}/usage`, { token: kit.clientToken(clientId), body: { records } });
      const open = { id: randomUUID(), ruleId: linuxRule.id, user: 'alice', startedAt: '2026-03-02T09:00:00Z', endedAt: null };
      const bob = { id: randomUUID(), ruleId: linuxRule.id, user: 'bob', startedAt: '2026-03-02T09:30:00Z', endedAt: '2026-03-02T10:30:00Z' };
      const gone = { id: randomUUID(), ruleId: 'S01FFFFF', user: 'alice', startedAt: '2026-03-02T09:00:00Z', endedAt: null };
      expect((await send(linuxClient, [open, bob, gone])).body).toEqual({ accepted: 2, closed: 0, unchanged: 0, unknownRule: 1 });
      expect((await send(linuxClient, [open, bob])).body).toEqual({ accepted: 0, closed: 0, unchanged: 2, unknownRule: 0 });
      const closedOpen = { ...open, endedAt: '2026-03-02T10:00:00Z' };
      expect((await send(linuxClient, [closedOpen, bob])).body).toEqual({ accepted: 0, closed: 1, unchanged: 1, unknownRule: 0 });
      // A closed record is not moved again, and another client cannot touch it.
      expect((await send(linuxClient, [{ ...open, endedAt: '2026-03-02T11:00:00Z' }])).body).toEqual({ accepted: 0, closed: 0, unchanged: 1, unknownRule: 0 });
      const late = { id: randomUUID(), ruleId: linuxRule.id, user: 'carol', startedAt: '2026-03-02T09:15:00Z', endedAt: null };
      expect((await send(windowsClient, [late])).body.accepted).toBe(1);
      expect((await send(linuxClient, [{ ...late, endedAt: '2026-03-02T09:45:00Z' }])).body).toEqual({ accepted: 0, closed: 0, unchanged: 1, unknownRule: 0 });
      expect((await send(windowsClient, [{ ...late, endedAt: '2026-03-02T09:45:00Z' }])).body.closed).toBe(1);
      // One batch holding a record open and closed counts it once, closed.
      const twice = { id: randomUUID(), ruleId: linuxRule.id, user: 'dave', startedAt: '2026-03-03T09:00:00Z', endedAt: null };
      expect((await send(linuxClient, [twice, { ...twice, endedAt: '2026-03-03T09:10:00Z' }])).body).toEqual({ accepted: 1, closed: 0, unchanged: 1, unknownRule: 0 });

      const report = await kit.http<MeteringReport>('GET', `/metering/rules/${linuxRule.id}/report?month=2026-03`, { token: 'viewer-token' });
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({
        ruleId: linuxRule.id,
        licencesOwned: 1,
        month: '2026-03',
        // alice 09:00-10:00, bob 09:30-10:30, carol (other computer) 09:15-09:45, dave 10 min.
        summary: { computers: 2, users: 4, launches: 4, usageSeconds: 3600 + 3600 + 1800 + 600, peakConcurrentUsers: 3 },
        overLicences: true,
      });
      expect(report.body.days).toHaveLength(31);
      expect(report.body.days[1]).toMatchObject({ day: '2026-03-02', launches: 3, peakConcurrentUsers: 3 });
      expect(report.body.computers.map((computer) => computer.clientId)).toEqual([linuxClient, windowsClient]);
      expect(report.body.computers[0]).toMatchObject({ name: `host-${linuxClient.slice(0, 8)}`, launches: 3, users: ['alice', 'bob', 'dave'] });
      expect(report.body.users.map((user) => user.user)).toEqual(['alice', 'bob', 'carol', 'dave']);
      expect(report.body).toMatchObject({ computersTotal: 2, usersTotal: 4 });
      const february = await kit.http<MeteringReport>('GET', `/metering/rules/${linuxRule.id}/report?month=2026-02`);
      expect(february.body.summary).toEqual({ computers: 0, users: 0, launches: 0, usageSeconds: 0, peakConcurrentUsers: 0 });

      const metrics = await (await fetch(`${kit.service.url}/metrics`)).text();
      const count = (outcome: string) => Number(new RegExp(`^sdp_usage_records_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
      expect({ accepted: count('accepted'), closed: count('closed'), unknownRule: count('unknown_rule') }).toEqual({ accepted: 4, closed: 2, unknownRule: 1 });
    });

    it('keeps a closed month summarized until records of it arrive late, and names computers as they are now', async () => {
      const rule = (await createRule({ productName: 'Closed month', fileName: 'closed-month' })).body;
      const send = (records: unknown[]) => kit.http<UsageIngestResult>('POST', `/clients/${linuxClient}/usage`, { token: kit.clientToken(linuxClient), body: { records } });
      const run = (user: string, startedAt: string, endedAt: string) => ({ id: randomUUID(), ruleId: rule.id, user, startedAt, endedAt });
      expect((await send([run('alice', '2026-04-10T08:00:00Z', '2026-04-10T09:00:00Z')])).body.accepted).toBe(1);
      const report = async (month: string) => (await kit.http<MeteringReport>('GET', `/metering/rules/${rule.id}/report?month=${month}`)).body;
      const stored = async () => (await kit.query<{ month: string }>(`SELECT to_char(month_start AT TIME ZONE 'UTC', 'YYYY-MM') AS month FROM closed_month_report WHERE rule_id = $1 ORDER BY 1`, [rule.id])).map((row) => row.month);

      expect((await report('2026-04')).summary).toMatchObject({ launches: 1, users: 1 });
      expect(await stored()).toEqual(['2026-04']);
      // Served as stored: a change made behind the service's back shows that no summarizing ran.
      await kit.query(`UPDATE closed_month_report SET body = jsonb_set(body, '{summary,launches}', '7') WHERE rule_id = $1`, [rule.id]);
      expect((await report('2026-04')).summary.launches).toBe(7);
      // A late record of that month (or one that ran into it) forgets it; the next report is summarized again.
      expect((await send([run('bob', '2026-03-31T23:00:00Z', '2026-04-01T01:00:00Z')])).body.accepted).toBe(1);
      expect(await stored()).toEqual([]);
      expect((await report('2026-04')).summary).toMatchObject({ launches: 1, users: 2, usageSeconds: 3600 + 3600 });
      expect((await report('2026-03')).summary).toMatchObject({ launches: 1, users: 1 });
      expect(await stored()).toEqual(['2026-03', '2026-04']);
      // A record of a later month leaves earlier ones stored.
      expect((await send([run('carol', '2026-05-02T08:00:00Z', '2026-05-02T08:30:00Z')])).body.accepted).toBe(1);
      expect(await stored()).toEqual(['2026-03', '2026-04']);
      expect((await report('2026-04')).computers).toEqual([expect.objectContaining({ clientId: linuxClient, name: `host-${linuxClient.slice(0, 8)}` })]);
      // The current month is never stored: it changes with time.
      await report(new Date().toISOString().slice(0, 7));
      expect(await stored()).toEqual(['2026-03', '2026-04']);
      // Its drill-down is stored as rows in order, and pages (and the report's first page) are read from them.
      expect(await kit.query(`SELECT position, user_name FROM closed_month_user WHERE rule_id = $1 AND month_start = '2026-04-01Z' ORDER BY position`, [rule.id])).toEqual([
        { position: 0, user_name: 'alice' },
        { position: 1, user_name: 'bob' },
      ]);
      await kit.query(`UPDATE closed_month_user SET launches = 9 WHERE rule_id = $1 AND month_start = '2026-04-01Z' AND user_name = 'bob'`, [rule.id]);
      expect((await report('2026-04')).users[1]).toEqual({ user: 'bob', launches: 9, usageSeconds: 3600, computers: 1 });
      const usersPage = await kit.http<MeteringReportPage<MeteringReportUser>>('GET', `/metering/rules/${rule.id}/report/users?month=2026-04&offset=1&limit=5`, { token: 'viewer-token' });
      expect(usersPage.body).toEqual({ ruleId: rule.id, month: '2026-04', offset: 1, limit: 5, total: 2, items: [{ user: 'bob', launches: 9, usageSeconds: 3600, computers: 1 }] });
      // Deleting the rule deletes its stored months, rows and all.
      expect((await kit.http('DELETE', `/metering/rules/${rule.id}`)).status).toBe(204);
      expect(await kit.query(`SELECT 1 FROM closed_month_computer WHERE rule_id = $1 UNION ALL SELECT 1 FROM closed_month_user WHERE rule_id = $1`, [rule.id])).toEqual([]);
    });

    it('reports runs that cross into the month and runs still open, and leaves out runs wholly before it', async () => {
      const rule = (await createRule({ productName: 'Boundary', fileName: 'boundary' })).body;
      const records = [
        { id: randomUUID(), ruleId: rule.id, user: 'alice', startedAt: '2026-02-28T23:00:00Z', endedAt: '2026-03-01T01:00:00Z' },
        { id: randomUUID(), ruleId: rule.id, user: 'bob', startedAt: '2026-02-27T00:00:00Z', endedAt: null },
        { id: randomUUID(), ruleId: rule.id, user: 'carol', startedAt: '2026-02-10T09:00:00Z', endedAt: '2026-02-10T10:00:00Z' },
      ];
      const sent = await kit.http<UsageIngestResult>('POST', `/clients/${linuxClient}/usage`, { token: kit.clientToken(linuxClient), body: { records } });
      expect(sent.body.accepted).toBe(3);
      const march = await kit.http<MeteringReport>('GET', `/metering/rules/${rule.id}/report?month=2026-03`);
      // alice's last hour, and bob's open run all month long (it counts until now, after March).
      expect(march.body.summary).toEqual({ computers: 1, users: 2, launches: 0, usageSeconds: 3600 + 31 * 86_400, peakConcurrentUsers: 2 });
      const february = await kit.http<MeteringReport>('GET', `/metering/rules/${rule.id}/report?month=2026-02`);
      expect(february.body.summary).toEqual({ computers: 1, users: 3, launches: 3, usageSeconds: 3600 + 3600 + 2 * 86_400, peakConcurrentUsers: 2 });

      // Sent open again, bob's run is still running now; once his computer has been silent past
      // the grace (an hour), it stops growing an hour after its last word.
      const again = await kit.http<UsageIngestResult>('POST', `/clients/${linuxClient}/usage`, { token: kit.clientToken(linuxClient), body: { records: [records[1]] } });
      expect(again.body).toEqual({ accepted: 0, closed: 0, unchanged: 1, unknownRule: 0 });
      const [refreshed] = await kit.query<{ reported_at: Date }>(`SELECT reported_at FROM usage_record WHERE id = $1`, [records[1].id]);
      expect(Date.now() - refreshed.reported_at.getTime()).toBeLessThan(60_000);
      await kit.query(`UPDATE usage_record SET reported_at = '2026-03-05T00:00:00Z' WHERE id = $1`, [records[1].id]);
      const silent = await kit.http<MeteringReport>('GET', `/metering/rules/${rule.id}/report?month=2026-03`);
      expect(silent.body.summary.usageSeconds).toBe(3600 + 4 * 86_400 + 3600);
    });

    it('refuses malformed batches with 400 naming the field, bad times with 422, and never answers 500', async () => {
      const send = (body: unknown) => kit.http<{ code: string; details?: { field: string }[] }>('POST', `/clients/${linuxClient}/usage`, { token: kit.clientToken(linuxClient), body });
      const good = { id: randomUUID(), ruleId: anyRule.id, user: 'alice', startedAt: '2026-03-02T09:00:00Z', endedAt: null };
      for (const [body, field] of [
        [{ records: [{ ...good, id: 'not-a-uuid' }] }, 'records.0.id'],
        [{ records: [{ ...good, ruleId: 'x' }] }, 'records.0.ruleId'],
        [{ records: [{ ...good, user: '' }] }, 'records.0.user'],
        [{ records: [{ ...good, startedAt: 'yesterday' }] }, 'records.0.startedAt'],
        [{ records: [{ ...good, extra: 1 }] }, 'records.0'],
        [{ records: [] }, 'records'],
        [[good], 'body'],
      ] as const) {
        const answer = await send(body);
        expect({ status: answer.status, code: answer.body.code, field: answer.body.details?.[0].field }).toEqual({ status: 400, code: 'USAGE_BATCH_INVALID', field });
      }
      const backwards = await send({ records: [{ ...good, endedAt: '2026-03-02T08:00:00Z' }] });
      expect(backwards.status).toBe(422);
      expect(backwards.body).toMatchObject({ code: 'USAGE_RECORD_INVALID', details: [{ field: 'records.0.endedAt' }] });
      const future = await send({ records: [{ ...good, startedAt: new Date(Date.now() + 3_600_000).toISOString() }] });
      expect(future.status).toBe(422);
      const tooMany = await send({ records: Array.from({ length: 1001 }, () => ({ ...good, id: randomUUID() })) });
      expect(tooMany.status).toBe(413);
      // A closing end before the stored start changes nothing rather than failing.
      const stored = { ...good, id: randomUUID() };
      await send({ records: [stored] });
      const earlier = await send({ records: [{ ...stored, startedAt: '2026-03-01T00:00:00Z', endedAt: '2026-03-01T01:00:00Z' }] });
      expect(earlier.status).toBe(200);
      expect(earlier.body).toMatchObject({ unchanged: 1 });
    });

    it('pages the drill-down of a closed and of the current month, most usage first, names as they are now', async () => {
      const rule = (await createRule({ productName: 'Paged', fileName: 'paged' })).body;
      const send = (clientId: string, records: unknown[]) => kit.http<UsageIngestResult>('POST', `/clients/${clientId}/usage`, { token: kit.clientToken(clientId), body: { records } });
      // Closed month: five users, u1 the most usage (5 min), u5 the least; windows runs longest in all.
      const march = (user: string, minutes: number) => ({ id: randomUUID(), ruleId: rule.id, user, startedAt: '2026-03-10T08:00:00Z', endedAt: new Date(Date.parse('2026-03-10T08:00:00Z') + minutes * 60_000).toISOString() });
      await send(linuxClient, [march('u1', 5), march('u2', 4), march('u3', 3)]);
      await send(windowsClient, [march('u4', 2), march('u5', 1), march('u4', 10)]);
      const page = async <T extends MeteringReportComputer | MeteringReportUser>(list: 'computers' | 'users', query: string) =>
        kit.http<MeteringReportPage<T>>('GET', `/metering/rules/${rule.id}/report/${list}?${query}`, { token: 'viewer-token' });
      const users = async (query: string) => (await page<MeteringReportUser>('users', query)).body;

      const first = (await page<MeteringReportUser>('users', 'month=2026-03&limit=2')).body;
      expect(first).toEqual({ ruleId: rule.id, month: '2026-03', offset: 0, limit: 2, total: 5, items: [expect.objectContaining({ user: 'u4', usageSeconds: 720 }), expect.objectContaining({ user: 'u1', usageSeconds: 300 })] });
      // Read from the stored month now: the pages put together are the whole list, once each.
      const all = [...first.items, ...(await users('month=2026-03&offset=2&limit=2')).items, ...(await users('month=2026-03&offset=4&limit=2')).items];
      expect(all.map((user) => user.user)).toEqual(['u4', 'u1', 'u2', 'u3', 'u5']);
      expect((await users('month=2026-03&offset=5')).items).toEqual([]);
      expect((await users('month=2026-03&offset=999999')).items).toEqual([]);
      const computers = (await page<MeteringReportComputer>('computers', 'month=2026-03&offset=1&limit=1')).body;
      expect(computers).toMatchObject({ offset: 1, limit: 1, total: 2, items: [{ clientId: linuxClient, name: `host-${linuxClient.slice(0, 8)}`, launches: 3, usageSeconds: 720, users: ['u1', 'u2', 'u3'] }] });
      const report = (await kit.http<MeteringReport>('GET', `/metering/rules/${rule.id}/report?month=2026-03`)).body;
      expect(report).toMatchObject({ computersTotal: 2, usersTotal: 5 });
      expect(report.computers.map((computer) => computer.clientId)).toEqual([windowsClient, linuxClient]);
      expect(report.users.map((user) => user.user)).toEqual(['u4', 'u1', 'u2', 'u3', 'u5']);

      // The current month, summarized on each request, pages the same way (runs of no length: by name).
      const monthStart = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1)).toISOString();
      await send(linuxClient, ['c', 'a', 'b'].map((user) => ({ id: randomUUID(), ruleId: rule.id, user, startedAt: monthStart, endedAt: monthStart })));
      const current = (await page<MeteringReportUser>('users', 'offset=1&limit=1')).body;
      expect(current).toMatchObject({ month: monthStart.slice(0, 7), offset: 1, limit: 1, total: 3, items: [{ user: 'b', launches: 1, usageSeconds: 0, computers: 1 }] });
      expect((await page<MeteringReportComputer>('computers', `month=${monthStart.slice(0, 7)}`)).body.items).toEqual([
        { clientId: linuxClient, name: `host-${linuxClient.slice(0, 8)}`, launches: 3, usageSeconds: 0, users: ['a', 'b', 'c'] },
      ]);
    });

    it('lets viewers read report pages, not clients, no one without a token, and refuses bad offsets and limits with 422 naming them', async () => {
      const path = `/metering/rules/${anyRule.id}/report/computers?month=2026-03`;
      expect((await kit.http('GET', path, { token: 'viewer-token' })).status).toBe(200);
      expect((await kit.http('GET', path, { token: kit.clientToken(linuxClient) })).status).toBe(403);
      expect((await kit.http('GET', `/metering/rules/${anyRule.id}/report/users`, { token: kit.clientToken(linuxClient) })).status).toBe(403);
      expect((await fetch(`${kit.service.url}/api/v1${path}`)).status).toBe(401);
      for (const [query, field] of [
        ['offset=-1', 'offset'],
        ['offset=x', 'offset'],
        ['limit=0', 'limit'],
        ['limit=1001', 'limit'],
        ['limit=1.5', 'limit'],
      ] as const) {
        for (const list of ['computers', 'users']) {
          const answer = await kit.http<{ details: { field: string }[] }>('GET', `/metering/rules/${anyRule.id}/report/${list}?month=2026-03&${query}`);
          expect({ query, status: answer.status, field: answer.body.details?.[0].field }).toEqual({ query, status: 422, field });
        }
      }
      expect((await kit.http('GET', `/metering/rules/${anyRule.id}/report/users?month=2026-13`)).status).toBe(400);
      expect((await kit.http('GET', `/metering/rules/${anyRule.id}/report/users?page=2`)).status).toBe(400);
      expect((await kit.http<{ code: string }>('GET', '/metering/rules/S01FFFFE/report/computers')).body.code).toBe('METERING_RULE_NOT_FOUND');
      expect((await kit.http('GET', `/metering/rules/${anyRule.id}/report/computers?limit=1000`)).status).toBe(200);
    });

    it('refuses a report month that is not YYYY-MM, and a report of an unknown rule', async () => {
      expect((await kit.http('GET', `/metering/rules/${anyRule.id}/report?month=2026-13`)).status).toBe(400);
      expect((await kit.http<{ code: string }>('GET', '/metering/rules/S01FFFFE/report')).body.code).toBe('METERING_RULE_NOT_FOUND');
      const current = await kit.http<MeteringReport>('GET', `/metering/rules/${anyRule.id}/report`);
      expect(current.body.month).toBe(new Date().toISOString().slice(0, 7));
    });

    it("refuses a blocked client's token once targeting says so", async () => {
      const blocked = randomUUID();
      await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(blocked));
      await eventually(async () => ((await rulesOf(blocked)).status === 200 ? true : undefined), 20_000, 'client known');
      await kit.publish(EventTypes.targeting.clientUpdated, clientFixture(blocked, { blocked: true }));
      await eventually(async () => ((await rulesOf(blocked)).status === 403 ? true : undefined), 20_000, 'client refused');
    });
  });
});
