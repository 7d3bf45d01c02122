import { ClientData, EventTypes, InstalledUnusedReport, MeteringRuleData, UsageIngestResult } from '@sdp/contracts';
import { eventually } from '@sdp/testing';
import { randomUUID } from 'node:crypto';
import { MeteringTestKit } from './test-support/metering-test-kit';

const software = (name: string, version: string | null = '16.0.1') => ({ name, version, publisher: 'Contoso', source: 'windows-registry' });

function clientFixture(id: string, name: string, inventory: Record<string, unknown>, fields: Partial<ClientData> = {}): ClientData {
  return {
    id,
    name,
    hardwareId: `hw-${id}`,
    domain: null,
    os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
    siteCode: 'S01',
    ipAddresses: ['10.1.0.5'],
    inventory,
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

describe('installed but unused (real Kafka, PostgreSQL)', () => {
  let kit: MeteringTestKit;
  // Names unique to this run: other runs' clients share nothing with these rules' patterns.
  const tag = randomUUID().slice(0, 8);
  const product = `Contoso Word ${tag}`;
  const alpha = randomUUID();
  const bravo = randomUUID();
  const charlie = randomUUID();
  const linux = randomUUID();
  let rule: MeteringRuleData;

  const unused = (ruleId: string, query = '', token = 'viewer-token') => kit.http<InstalledUnusedReport>('GET', `/metering/rules/${ruleId}/installed-unused${query}`, { token });
  const names = (report: InstalledUnusedReport) => report.computers.map((computer) => computer.clientName);
  const sendUsage = (clientId: string, records: unknown[]) =>
    kit.http<UsageIngestResult>('POST', `/clients/${clientId}/usage`, { token: kit.clientToken(clientId), body: { records } });

  beforeAll(async () => {
    kit = await MeteringTestKit.start({ SDP_ADMIN_TOKENS: 'dev-admin-token:admin,operator-token:operator,viewer-token:viewer' });
    rule = (await kit.http<MeteringRuleData>('POST', '/metering/rules', { body: { productName: product, fileName: 'WINWORD.EXE', platforms: [{ os: 'windows', arch: 'x64' }] } })).body;
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(alpha, `alpha-${tag}`, { software: [software(`${product} Viewer`), software(product.toUpperCase(), '16.0.2'), { name: 7 }] }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(bravo, `bravo-${tag}`, { software: [software(product, null)] }));
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(charlie, `charlie-${tag}`, { software: 'not a list' }));
    // Installed on a platform the rule does not meter: nothing it could report, not listed.
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(linux, `linux-${tag}`, { software: [software(product)] }, { os: { name: 'linux', version: '6.8.0', arch: 'x64' } }));
  });

  afterAll(async () => {
    await kit?.close();
  });

  it('lists the computers whose inventory has the product, until they use it, within the days asked', async () => {
    const first = await eventually(async () => {
      const answer = await unused(rule.id);
      return answer.body.computers?.length === 2 ? answer : undefined;
    }, 20_000, 'inventories projected');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ruleId: rule.id, productName: product, days: 90 });
    expect(Date.now() - 90 * 86_400_000 - Date.parse(first.body.since)).toBeLessThan(60_000);
    expect(first.body.computers).toEqual([
      { clientId: alpha, clientName: `alpha-${tag}`, softwareName: product.toUpperCase(), softwareVersion: '16.0.2', lastUsedAt: null },
      { clientId: bravo, clientName: `bravo-${tag}`, softwareName: product, softwareVersion: null, lastUsedAt: null },
    ]);

    // bravo ran it 10 days ago: gone from 30 days, listed for 5 days with when it last ran.
    const tenDaysAgo = Date.now() - 10 * 86_400_000;
    const run = { id: randomUUID(), ruleId: rule.id, user: 'alice', startedAt: new Date(tenDaysAgo - 3_600_000).toISOString(), endedAt: new Date(tenDaysAgo).toISOString() };
    expect((await sendUsage(bravo, [run])).body.accepted).toBe(1);
    expect(names((await unused(rule.id, '?days=30')).body)).toEqual([`alpha-${tag}`]);
    const five = (await unused(rule.id, '?days=5')).body;
    expect(five.days).toBe(5);
    expect(five.computers.find((computer) => computer.clientId === bravo)?.lastUsedAt).toBe(run.endedAt);

    // alpha runs it now (still open): used, on every period.
    const open = { id: randomUUID(), ruleId: rule.id, user: 'bob', startedAt: new Date(Date.now() - 60_000).toISOString(), endedAt: null };
    expect((await sendUsage(alpha, [open])).body.accepted).toBe(1);
    expect(names((await unused(rule.id, '?days=1')).body)).toEqual([`bravo-${tag}`]);
  });

  it('follows the inventory: a new one without the product takes the computer off, a deleted client too', async () => {
    const rule2 = (await kit.http<MeteringRuleData>('POST', '/metering/rules', { body: { productName: `Other ${tag}`, fileName: 'other.exe', installedSoftwareName: `*other*${tag}*` } })).body;
    expect(rule2.installedSoftwareName).toBe(`*other*${tag}*`);
    const delta = randomUUID();
    await kit.publish(EventTypes.targeting.clientRegistered, clientFixture(delta, `delta-${tag}`, { software: [software(`The Other Suite ${tag} 2`)] }));
    await eventually(async () => ((await unused(rule2.id)).body.computers.length === 1 ? true : undefined), 20_000, 'delta listed');
    await kit.publish(EventTypes.targeting.clientInventoryChanged, clientFixture(delta, `delta-${tag}`, { software: [software('Something else')] }));
    await eventually(async () => ((await unused(rule2.id)).body.computers.length === 0 ? true : undefined), 20_000, 'delta off the list');
    const [{ count }] = await kit.query<{ count: string }>(`SELECT count(*) FROM installed_software WHERE client_id = $1`, [delta]);
    expect(count).toBe('1');
    await kit.publish(EventTypes.targeting.clientDeleted, { id: delta });
    await eventually(async () => {
      const [{ left }] = await kit.query<{ left: string }>(`SELECT count(*) AS left FROM installed_software WHERE client_id = $1`, [delta]);
      return left === '0' ? true : undefined;
    }, 20_000, 'installed software of a deleted client gone');
  });

  it('refuses bad days with 422 naming days, an unknown rule with 404, and lets viewers but not clients read it', async () => {
    for (const days of ['0', '3651', 'soon', '1.5']) {
      const answer = await kit.http<{ code: string; details: { field: string }[] }>('GET', `/metering/rules/${rule.id}/installed-unused?days=${days}`);
      expect({ days, status: answer.status, field: answer.body.details?.[0]?.field }).toEqual({ days, status: 422, field: 'days' });
    }
    const unknown = await unused('S01FFFFD');
    expect(unknown.status).toBe(404);
    expect((unknown.body as unknown as { code: string }).code).toBe('METERING_RULE_NOT_FOUND');
    expect((await unused(rule.id, '', 'viewer-token')).status).toBe(200);
    expect((await unused(rule.id, '', kit.clientToken(alpha))).status).toBe(403);
    expect((await fetch(`${kit.service.url}/api/v1/metering/rules/${rule.id}/installed-unused`)).status).toBe(401);
  });

  it('refuses a malformed installed name pattern with 422 naming the field, and changes nothing', async () => {
    for (const pattern of ['', '*', 'Word\u0007', 'w'.repeat(257)]) {
      const created = await kit.http<{ code: string; details: { field: string }[] }>('POST', '/metering/rules', { body: { productName: 'Bad pattern', fileName: 'a', installedSoftwareName: pattern } });
      expect({ pattern, status: created.status, code: created.body.code, field: created.body.details?.[0]?.field }).toEqual({
        pattern,
        status: 422,
        code: 'METERING_RULE_INVALID',
        field: 'installedSoftwareName',
      });
    }
    const patched = await kit.http<{ details: { field: string }[] }>('PATCH', `/metering/rules/${rule.id}`, { body: { installedSoftwareName: '??' } });
    expect(patched.status).toBe(422);
    expect(patched.body.details[0].field).toBe('installedSoftwareName');
    expect((await kit.http<MeteringRuleData>('GET', `/metering/rules/${rule.id}`)).body.installedSoftwareName).toBeNull();
  });
});
