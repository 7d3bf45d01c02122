import { MigrationInterface, QueryRunner } from 'typeorm';

const BUILT_IN_COLLECTIONS = [
  ['SMS00001', 'All Systems', null, 'name IS NOT NULL'],
  ['SMS00002', 'All Windows Systems', 'SMS00001', "os.name = 'windows'"],
  ['SMS00003', 'All Linux Systems', 'SMS00001', "os.name = 'linux'"],
  ['SMS00004', 'All macOS Systems', 'SMS00001', "os.name = 'macos'"],
] as const;

export class CreateTargetingTables1767225700000 implements MigrationInterface {
  name = 'CreateTargetingTables1767225700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE client (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        hardware_id text NOT NULL UNIQUE,
        domain text,
        os_name text NOT NULL,
        os_version text NOT NULL,
        os_arch text NOT NULL,
        site_code text NOT NULL,
        ip_addresses jsonb NOT NULL,
        inventory jsonb NOT NULL,
        approved boolean NOT NULL,
        blocked boolean NOT NULL DEFAULT false,
        registered_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE collection (
        id text PRIMARY KEY,
        name text NOT NULL,
        comment text NOT NULL DEFAULT '',
        built_in boolean NOT NULL DEFAULT false,
        limiting_collection_id text REFERENCES collection (id),
        parent_collection_id text REFERENCES collection (id),
        rules jsonb NOT NULL,
        refresh_incremental boolean NOT NULL DEFAULT true,
        full_every_minutes integer,
        maintenance_windows jsonb NOT NULL DEFAULT '[]',
        membership_version integer NOT NULL DEFAULT 0,
        last_full_evaluation_at timestamptz,
        announced boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX collection_name_key ON collection (lower(name))`);
    await runner.query(`
      CREATE TABLE collection_member (
        collection_id text NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
        client_id uuid NOT NULL REFERENCES client (id) ON DELETE CASCADE,
        PRIMARY KEY (collection_id, client_id)
      )`);
    await runner.query(`CREATE INDEX collection_member_client_idx ON collection_member (client_id)`);
    for (const [id, name, limiting, expression] of BUILT_IN_COLLECTIONS) {
      await runner.query(
        `INSERT INTO collection (id, name, comment, built_in, limiting_collection_id, rules, refresh_incremental, full_every_minutes)
         VALUES ($1, $2, 'Built-in collection', true, $3, $4::jsonb, true, 1440)`,
        [id, name, limiting, JSON.stringify([{ type: 'query', name, expression }])],
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE collection_member`);
    await runner.query(`DROP TABLE collection`);
    await runner.query(`DROP TABLE client`);
  }
}
