import { MigrationInterface, QueryRunner } from 'typeorm';

/** A client's key generation, as targeting announces it: tokens of an older one get no content locations. */
export class AddClientKeyGeneration1767226100000 implements MigrationInterface {
  name = 'AddClientKeyGeneration1767226100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE known_client ADD COLUMN key_generation integer NOT NULL DEFAULT 0`);
    await runner.query(`CREATE INDEX known_client_rekeyed_idx ON known_client (id) WHERE key_generation > 0`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX known_client_rekeyed_idx`);
    await runner.query(`ALTER TABLE known_client DROP COLUMN key_generation`);
  }
}
