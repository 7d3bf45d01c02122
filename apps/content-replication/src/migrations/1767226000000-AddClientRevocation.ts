import { MigrationInterface, QueryRunner } from 'typeorm';

/** Blocked and deleted clients, as targeting announces them: their tokens get no content locations. */
export class AddClientRevocation1767226000000 implements MigrationInterface {
  name = 'AddClientRevocation1767226000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE known_client ADD COLUMN blocked boolean NOT NULL DEFAULT false`);
    await runner.query(`CREATE INDEX known_client_blocked_idx ON known_client (id) WHERE blocked`);
    await runner.query(`CREATE TABLE deleted_client (id uuid PRIMARY KEY, deleted_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE deleted_client`);
    await runner.query(`DROP INDEX known_client_blocked_idx`);
    await runner.query(`ALTER TABLE known_client DROP COLUMN blocked`);
  }
}
