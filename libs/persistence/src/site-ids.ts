import { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';

/**
 * IDs of packages, collections and advertisements: the site code plus five upper-case hex
 * digits from a per-kind counter (`S0100001`, ...), never repeated nor reused. The counter row
 * is incremented in the caller's transaction, so concurrent creates serialise on it and a
 * rolled-back create gives its number back rather than leaving a gap visible to anyone.
 */
export async function nextSiteId(manager: EntityManager, kind: string, siteCode: string): Promise<string> {
  const rows: { last_value: string }[] = await manager.query(
    `INSERT INTO site_id_counter (kind, last_value) VALUES ($1, 1)
     ON CONFLICT (kind) DO UPDATE SET last_value = site_id_counter.last_value + 1
     RETURNING last_value`,
    [kind],
  );
  return formatSiteId(siteCode, Number(rows[0].last_value));
}

export const MAX_SITE_ID_NUMBER = 0xfffff;

export function formatSiteId(siteCode: string, value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SITE_ID_NUMBER) {
    throw new RangeError(`site ID counter exhausted or invalid: ${value}`);
  }
  return `${siteCode}${value.toString(16).toUpperCase().padStart(5, '0')}`;
}

export class CreateSiteIdCounter1767225600100 implements MigrationInterface {
  name = 'CreateSiteIdCounter1767225600100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE site_id_counter (kind text PRIMARY KEY, last_value bigint NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE site_id_counter`);
  }
}
