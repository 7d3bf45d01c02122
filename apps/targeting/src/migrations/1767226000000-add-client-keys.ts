import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A client is its key: the public key it registered, a key generation that retires older
 * tokens, and pending records for computers that claimed a hardware ID without its key. The
 * hardware ID stops being unique, since an administrator may keep both such computers. Used
 * challenge nonces are kept until the challenge expires, so each proves possession once.
 */
export class AddClientKeys1767226000000 implements MigrationInterface {
  name = 'AddClientKeys1767226000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE client DROP CONSTRAINT client_hardware_id_key`);
    await runner.query(`CREATE INDEX client_hardware_id_idx ON client (hardware_id)`);
    await runner.query(`ALTER TABLE client ADD COLUMN public_key text`);
    await runner.query(`ALTER TABLE client ADD COLUMN key_generation integer NOT NULL DEFAULT 0`);
    await runner.query(`ALTER TABLE client ADD COLUMN conflicts_with uuid REFERENCES client (id) ON DELETE SET NULL`);
    await runner.query(`CREATE TABLE used_client_challenge (nonce uuid PRIMARY KEY, expires_at timestamptz NOT NULL)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE used_client_challenge`);
    await runner.query(`ALTER TABLE client DROP COLUMN conflicts_with`);
    await runner.query(`ALTER TABLE client DROP COLUMN key_generation`);
    await runner.query(`ALTER TABLE client DROP COLUMN public_key`);
    await runner.query(`DROP INDEX client_hardware_id_idx`);
    await runner.query(`ALTER TABLE client ADD CONSTRAINT client_hardware_id_key UNIQUE (hardware_id)`);
  }
}
