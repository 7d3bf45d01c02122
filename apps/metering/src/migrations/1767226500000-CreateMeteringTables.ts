import { MigrationInterface, QueryRunner } from 'typeorm';

/** Metering rules, targeting's clients as this service needs them, and the usage clients report. */
export class CreateMeteringTables1767226500000 implements MigrationInterface {
  name = 'CreateMeteringTables1767226500000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE metering_rule (
        id text PRIMARY KEY,
        product_name text NOT NULL,
        file_name text,
        original_file_name text,
        file_version text NOT NULL,
        language text,
        platforms jsonb NOT NULL,
        site text,
        licences_owned integer NOT NULL CHECK (licences_owned >= 0),
        enabled boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    // Targeting's clients: their platform and site decide which rules they get, their name is
    // shown in reports; blocked, deleted and re-keyed clients are refused (REVOKED_CLIENTS_QUERY).
    await runner.query(`
      CREATE TABLE known_client (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        os jsonb NOT NULL,
        site_code text NOT NULL,
        blocked boolean NOT NULL,
        key_generation integer NOT NULL DEFAULT 0
      )`);
    await runner.query(`CREATE INDEX known_client_revoked_idx ON known_client (id) WHERE blocked OR key_generation > 0`);
    await runner.query(`CREATE TABLE deleted_client (id uuid PRIMARY KEY, deleted_at timestamptz NOT NULL DEFAULT now())`);
    // One row per program run a client reported; its ID is the client's, so a resent batch counts
    // once. reported_at: when the client last said the run goes on (an open run counts until
    // then plus METERING_OPEN_RUN_GRACE_SECONDS at most, so a computer that never comes back does
    // not run it forever).
    await runner.query(`
      CREATE TABLE usage_record (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL,
        rule_id text NOT NULL REFERENCES metering_rule (id) ON DELETE CASCADE,
        user_name text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        reported_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
    // A month's report reads three index ranges: runs started in it, runs started before it that
    // ended in or after it, and runs still open; never the rule's whole history.
    await runner.query(`CREATE INDEX usage_record_rule_started_idx ON usage_record (rule_id, started_at)`);
    await runner.query(`CREATE INDEX usage_record_rule_ended_idx ON usage_record (rule_id, ended_at)`);
    await runner.query(`CREATE INDEX usage_record_open_idx ON usage_record (rule_id) WHERE ended_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE usage_record`);
    await runner.query(`DROP TABLE deleted_client`);
    await runner.query(`DROP TABLE known_client`);
    await runner.query(`DROP TABLE metering_rule`);
  }
}
