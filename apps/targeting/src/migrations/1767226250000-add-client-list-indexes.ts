import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the client list filters and sorts by, indexed for 100,000 clients: each sort column with
 * the ID after it (the keyset of a page), lower(name) for the name sort and for resolving a name,
 * the few pending and blocked clients (partial indexes),
 * and — when PostgreSQL has the pg_trgm extension (contrib; a trusted extension, which the owner
 * of the database may create) — a trigram index, so a name substring (`LIKE '%x%'`) does not read
 * every client. Without pg_trgm the list works the same, scanning for a name substring.
 */
export class AddClientListIndexes1767226250000 implements MigrationInterface {
  name = 'AddClientListIndexes1767226250000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX client_name_lower_idx ON client (lower(name), id)`);
    await runner.query(`CREATE INDEX client_os_name_idx ON client (os_name, id)`);
    await runner.query(`CREATE INDEX client_site_code_idx ON client (site_code, id)`);
    await runner.query(`CREATE INDEX client_last_seen_at_idx ON client (last_seen_at, id)`);
    await runner.query(`CREATE INDEX client_registered_at_idx ON client (registered_at, id)`);
    // The few clients waiting for approval or blocked, found without reading the approved ones.
    await runner.query(`CREATE INDEX client_not_approved_idx ON client (id) WHERE NOT approved`);
    await runner.query(`CREATE INDEX client_blocked_idx ON client (id) WHERE blocked`);
    if (await this.createTrigramExtension(runner)) {
      await runner.query(`CREATE INDEX client_name_trgm_idx ON client USING gin (lower(name) gin_trgm_ops)`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS client_name_trgm_idx`);
    await runner.query(`DROP INDEX client_blocked_idx`);
    await runner.query(`DROP INDEX client_not_approved_idx`);
    await runner.query(`DROP INDEX client_registered_at_idx`);
    await runner.query(`DROP INDEX client_last_seen_at_idx`);
    await runner.query(`DROP INDEX client_site_code_idx`);
    await runner.query(`DROP INDEX client_os_name_idx`);
    await runner.query(`DROP INDEX client_name_lower_idx`);
  }

  /** Whether pg_trgm is there now; a server without it (or a role that may not create it) goes on without. */
  private async createTrigramExtension(runner: QueryRunner): Promise<boolean> {
    await runner.query(`SAVEPOINT create_pg_trgm`);
    try {
      await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
      await runner.query(`RELEASE SAVEPOINT create_pg_trgm`);
      return true;
    } catch {
      await runner.query(`ROLLBACK TO SAVEPOINT create_pg_trgm`);
      return false;
    }
  }
}
