import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One counter that every change of a collection moves on, in the transaction of the change: each
 * replica keeps the collections compiled for incremental evaluation and compiles them again only
 * when the counter it reads differs from the one it compiled at.
 */
export class AddCollectionRulesVersion1767226100000 implements MigrationInterface {
  name = 'AddCollectionRulesVersion1767226100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE collection_rules_version (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), version integer NOT NULL)`);
    await runner.query(`INSERT INTO collection_rules_version (version) VALUES (0)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE collection_rules_version`);
  }
}
