import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 18: which installed software a rule is, the software each client has installed, and a rule's usage per computer. */
export class AddInstalledSoftware1767226600000 implements MigrationInterface {
  name = 'AddInstalledSoftware1767226600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE metering_rule ADD COLUMN installed_software_name text`);
    // The software in each client's last inventory (agents report at most 5,000 entries), replaced
    // whole with each client event; gone with the client.
    await runner.query(`
      CREATE TABLE installed_software (
        client_id uuid NOT NULL REFERENCES known_client (id) ON DELETE CASCADE,
        name text NOT NULL,
        version text,
        publisher text,
        source text NOT NULL
      )`);
    await runner.query(`CREATE INDEX installed_software_client_idx ON installed_software (client_id)`);
    // "Installed but unused" looks up each computer's last use of one rule.
    await runner.query(`CREATE INDEX usage_record_rule_client_idx ON usage_record (rule_id, client_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX usage_record_rule_client_idx`);
    await runner.query(`DROP TABLE installed_software`);
    await runner.query(`ALTER TABLE metering_rule DROP COLUMN installed_software_name`);
  }
}
