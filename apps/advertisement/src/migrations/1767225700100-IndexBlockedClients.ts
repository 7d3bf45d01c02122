import { MigrationInterface, QueryRunner } from 'typeorm';

/** The blocked clients are read as a set every few seconds; a partial index keeps that cheap. */
export class IndexBlockedClients1767225700100 implements MigrationInterface {
  name = 'IndexBlockedClients1767225700100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX known_client_blocked_idx ON known_client (id) WHERE blocked`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX known_client_blocked_idx`);
  }
}
