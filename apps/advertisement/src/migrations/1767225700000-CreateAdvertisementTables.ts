import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The advertisement service's own data (advertisements, client status) and its copies of what
 * other services publish (packages, programs, clients, collections, membership, DP content),
 * plus the per-client policy cache those copies invalidate.
 */
export class CreateAdvertisementTables1767225700000 implements MigrationInterface {
  name = 'CreateAdvertisementTables1767225700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE advertisement (
        id text PRIMARY KEY,
        name text NOT NULL,
        comment text NOT NULL,
        package_id text NOT NULL,
        program text NOT NULL,
        collection_id text NOT NULL,
        include_subcollections boolean NOT NULL,
        available_at timestamptz NOT NULL,
        expires_at timestamptz,
        mandatory jsonb NOT NULL,
        rerun text NOT NULL,
        fast_network text NOT NULL,
        slow_network text NOT NULL,
        allow_fallback_to_unprotected boolean NOT NULL,
        ignore_maintenance_windows boolean NOT NULL,
        allow_restart_outside_windows boolean NOT NULL,
        allow_user_to_run_independently boolean NOT NULL,
        priority text NOT NULL,
        enabled boolean NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX advertisement_collection_idx ON advertisement (collection_id)`);
    await runner.query(`CREATE INDEX advertisement_package_idx ON advertisement (package_id)`);

    await runner.query(`
      CREATE TABLE known_package (
        id text PRIMARY KEY,
        has_source boolean NOT NULL,
        source_version integer NOT NULL,
        data jsonb NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE known_program (
        package_id text NOT NULL,
        name text NOT NULL,
        disabled boolean NOT NULL,
        data jsonb NOT NULL,
        PRIMARY KEY (package_id, name)
      )`);
    await runner.query(`
      CREATE TABLE known_client (
        id text PRIMARY KEY,
        blocked boolean NOT NULL,
        data jsonb NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE known_collection (
        id text PRIMARY KEY,
        parent_collection_id text,
        maintenance_windows jsonb NOT NULL,
        data jsonb NOT NULL
      )`);
    await runner.query(`CREATE INDEX known_collection_parent_idx ON known_collection (parent_collection_id)`);

    await runner.query(`
      CREATE TABLE collection_membership_state (
        collection_id text PRIMARY KEY,
        membership_version integer NOT NULL,
        needs_snapshot boolean NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE collection_member (
        collection_id text NOT NULL,
        client_id uuid NOT NULL,
        PRIMARY KEY (collection_id, client_id)
      )`);
    await runner.query(`CREATE INDEX collection_member_client_idx ON collection_member (client_id)`);
    await runner.query(`
      CREATE TABLE membership_pending_delta (
        collection_id text NOT NULL,
        membership_version integer NOT NULL,
        added uuid[] NOT NULL,
        removed uuid[] NOT NULL,
        PRIMARY KEY (collection_id, membership_version)
      )`);
    await runner.query(`
      CREATE TABLE membership_snapshot_part (
        collection_id text NOT NULL,
        membership_version integer NOT NULL,
        part integer NOT NULL,
        parts integer NOT NULL,
        PRIMARY KEY (collection_id, membership_version, part)
      )`);
    await runner.query(`
      CREATE TABLE membership_snapshot_member (
        collection_id text NOT NULL,
        membership_version integer NOT NULL,
        client_id uuid NOT NULL,
        PRIMARY KEY (collection_id, membership_version, client_id)
      )`);

    await runner.query(`
      CREATE TABLE known_distribution_point (
        name text PRIMARY KEY,
        site_code text NOT NULL,
        boundaries text[] NOT NULL,
        protected boolean NOT NULL,
        enabled boolean NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE package_dp_content (
        package_id text NOT NULL,
        distribution_point text NOT NULL,
        state text NOT NULL,
        installed_version integer,
        site_code text NOT NULL,
        boundaries text[] NOT NULL,
        protected boolean NOT NULL,
        PRIMARY KEY (package_id, distribution_point)
      )`);

    await runner.query(`
      CREATE TABLE policy_epoch (
        id integer PRIMARY KEY CHECK (id = 1),
        value bigint NOT NULL
      )`);
    await runner.query(`INSERT INTO policy_epoch (id, value) VALUES (1, 0)`);
    await runner.query(`
      CREATE TABLE client_policy (
        client_id uuid PRIMARY KEY,
        etag text NOT NULL,
        body jsonb NOT NULL,
        valid_until timestamptz,
        computed_at timestamptz NOT NULL
      )`);

    await runner.query(`
      CREATE TABLE client_status_report (
        client_id uuid NOT NULL,
        seq bigint NOT NULL,
        advertisement_id text NOT NULL,
        state text NOT NULL,
        message_id integer,
        exit_code bigint,
        detail text,
        reported_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, seq)
      )`);
    await runner.query(`CREATE INDEX client_status_report_pair_idx ON client_status_report (advertisement_id, client_id, seq)`);
    await runner.query(`
      CREATE TABLE client_advertisement_status (
        advertisement_id text NOT NULL,
        client_id uuid NOT NULL,
        acceptance_state text,
        acceptance_seq bigint,
        acceptance_at timestamptz,
        delivery_state text,
        delivery_seq bigint,
        delivery_at timestamptz,
        message_id integer,
        exit_code bigint,
        detail text,
        last_seq bigint NOT NULL,
        PRIMARY KEY (advertisement_id, client_id)
      )`);
    // A report moves a current state only when it is later in the client's sequence.
    await runner.query(`
      CREATE FUNCTION status_seq_newer(candidate bigint, current bigint) RETURNS boolean
      LANGUAGE sql IMMUTABLE AS 'SELECT candidate IS NOT NULL AND (current IS NULL OR candidate > current)'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION status_seq_newer(bigint, bigint)`);
    for (const table of [
      'client_advertisement_status',
      'client_status_report',
      'client_policy',
      'policy_epoch',
      'package_dp_content',
      'known_distribution_point',
      'membership_snapshot_member',
      'membership_snapshot_part',
      'membership_pending_delta',
      'collection_member',
      'collection_membership_state',
      'known_collection',
      'known_client',
      'known_program',
      'known_package',
      'advertisement',
    ]) {
      await runner.query(`DROP TABLE ${table}`);
    }
  }
}
