import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which replica holds which of a DP's transfer slots, so replicas together keep its maxConcurrentTransfers. */
export class CreateTransferSlotLeases1767225900000 implements MigrationInterface {
  name = 'CreateTransferSlotLeases1767225900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE transfer_slot_lease (
      distribution_point text NOT NULL,
      slot integer NOT NULL,
      holder text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (distribution_point, slot)
    )`);
    await queryRunner.query(`CREATE INDEX transfer_slot_lease_holder ON transfer_slot_lease (holder)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE transfer_slot_lease`);
  }
}
