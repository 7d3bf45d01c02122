import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets clients register and report at once without queueing on one lock:
 * - collection_rules_version: one counter that every change of a collection moves on, in the
 *   transaction of the change; each replica keeps the collections compiled for incremental
 *   evaluation and compiles them again only when the counter differs from the one it compiled at;
 * - membership_change: a client's evaluation writes its memberships and these rows, not the
 *   collections' versions (which every registration would otherwise lock in turn: all clients
 *   are in SMS00001); one publisher at a time turns them into delta events, a version per batch.
 */
export class AddCollectionRulesVersion1767226100000 implements MigrationInterface {
  name = 'AddCollectionRulesVersion1767226100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE collection_rules_version (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), version integer NOT NULL)`);
    await runner.query(`INSERT INTO collection_rules_version (version) VALUES (0)`);
    await runner.query(`
      CREATE TABLE membership_change (
        id bigserial PRIMARY KEY,
        collection_id text NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        added boolean NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE membership_change`);
    await runner.query(`DROP TABLE collection_rules_version`);
  }
}
