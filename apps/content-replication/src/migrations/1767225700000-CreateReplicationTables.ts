import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReplicationTables1767225700000 implements MigrationInterface {
  name = 'CreateReplicationTables1767225700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE distribution_point (
        name text PRIMARY KEY,
        description text,
        endpoint text NOT NULL,
        public_endpoint text NOT NULL,
        bucket text NOT NULL,
        region text NOT NULL,
        access_key text NOT NULL,
        secret_key_encrypted text NOT NULL,
        site_code text NOT NULL,
        boundaries text[] NOT NULL DEFAULT '{}',
        protected boolean NOT NULL DEFAULT false,
        enabled boolean NOT NULL DEFAULT true,
        max_concurrent_transfers integer NOT NULL DEFAULT 8,
        rate_limit_bytes_per_sec bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE distribution_point_group (
        name text PRIMARY KEY,
        description text,
        members text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE replicated_package (
        id text PRIMARY KEY,
        priority text NOT NULL DEFAULT 'medium',
        has_source boolean NOT NULL DEFAULT true,
        current_version integer NOT NULL DEFAULT 0,
        deleted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE package_assignment (
        package_id text NOT NULL,
        target_kind text NOT NULL CHECK (target_kind IN ('distribution-point', 'group')),
        target_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (package_id, target_kind, target_name)
      )`);
    await queryRunner.query(`
      CREATE TABLE package_distribution (
        package_id text NOT NULL,
        distribution_point text NOT NULL REFERENCES distribution_point (name) ON DELETE CASCADE,
        state text NOT NULL,
        desired_version integer,
        installed_version integer,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        bytes_done bigint NOT NULL DEFAULT 0,
        bytes_total bigint NOT NULL DEFAULT 0,
        files_done integer NOT NULL DEFAULT 0,
        files_total integer NOT NULL DEFAULT 0,
        bytes_copied bigint NOT NULL DEFAULT 0,
        objects_copied integer NOT NULL DEFAULT 0,
        queued_at timestamptz NOT NULL DEFAULT now(),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_expires_at timestamptz,
        validation_requested boolean NOT NULL DEFAULT false,
        validated_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (package_id, distribution_point)
      )`);
    await queryRunner.query(`CREATE INDEX package_distribution_due ON package_distribution (next_attempt_at)`);
    await queryRunner.query(`CREATE INDEX package_distribution_by_dp ON package_distribution (distribution_point)`);
    await queryRunner.query(`
      CREATE TABLE known_client (
        id uuid PRIMARY KEY,
        site_code text NOT NULL,
        ip_addresses text[] NOT NULL DEFAULT '{}',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['known_client', 'package_distribution', 'package_assignment', 'replicated_package', 'distribution_point_group', 'distribution_point']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
