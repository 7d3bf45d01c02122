import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCatalogTables1767225600300 implements MigrationInterface {
  name = 'CreateCatalogTables1767225600300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE package (
        id text PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL DEFAULT '',
        manufacturer text NOT NULL DEFAULT '',
        language text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
        persist_in_cache boolean NOT NULL DEFAULT false,
        has_source boolean NOT NULL DEFAULT true,
        source_version integer NOT NULL DEFAULT 0,
        manifest_digest text,
        source_date timestamptz,
        size_bytes bigint NOT NULL DEFAULT 0,
        file_count integer NOT NULL DEFAULT 0,
        source_location text,
        source_refresh_minutes integer,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX package_name_idx ON package (lower(name))`);
    await runner.query(`
      CREATE TABLE program (
        package_id text NOT NULL REFERENCES package (id) ON DELETE CASCADE,
        name text NOT NULL,
        command_line text NOT NULL,
        working_directory text NOT NULL,
        run_window text NOT NULL,
        after_running text NOT NULL,
        category text NOT NULL,
        estimated_disk_space_mb integer,
        max_run_time_minutes integer NOT NULL,
        platforms jsonb NOT NULL,
        run_when text NOT NULL,
        run_as text NOT NULL,
        allow_user_interaction boolean NOT NULL,
        run_once_per text NOT NULL,
        depends_on_package_id text,
        depends_on_program text,
        depends_on_always_run_first boolean,
        suppress_notifications boolean NOT NULL,
        disabled boolean NOT NULL,
        success_exit_codes jsonb NOT NULL,
        reboot_exit_codes jsonb NOT NULL,
        retry_exit_codes jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (package_id, name)
      )`);
    await runner.query(`CREATE INDEX program_depends_on_idx ON program (depends_on_package_id, depends_on_program)`);
    await runner.query(`
      CREATE TABLE source_version (
        package_id text NOT NULL REFERENCES package (id) ON DELETE CASCADE,
        version integer NOT NULL,
        manifest_digest text NOT NULL,
        file_count integer NOT NULL,
        size_bytes bigint NOT NULL,
        new_bytes bigint NOT NULL,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (package_id, version)
      )`);
    await runner.query(`
      CREATE TABLE advertisement_usage (
        advertisement_id text PRIMARY KEY,
        package_id text,
        last_sequence bigint NOT NULL
      )`);
    await runner.query(`CREATE INDEX advertisement_usage_package_idx ON advertisement_usage (package_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE advertisement_usage`);
    await runner.query(`DROP TABLE source_version`);
    await runner.query(`DROP TABLE program`);
    await runner.query(`DROP TABLE package`);
  }
}
