import { MigrationInterface, QueryRunner } from 'typeorm';

/** Clients targeting deleted: their tokens are refused here as a blocked client's are. */
export class CreateDeletedClients1767225700200 implements MigrationInterface {
  name = 'CreateDeletedClients1767225700200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE deleted_client (id text PRIMARY KEY, deleted_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE deleted_client`);
  }
}
