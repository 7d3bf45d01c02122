import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a row's installed version is known whole on its DP: true once its install committed,
 * false once a validation found it damaged or a removal was queued. An install of the next version
 * takes such a version's DP manifest as the list of objects the DP holds (replication/install/delta.ts).
 * Installed rows start trusted: every one of them committed and passed its last validation.
 */
export class AddDistributionInstalledIntact1767226200000 implements MigrationInterface {
  name = 'AddDistributionInstalledIntact1767226200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE package_distribution ADD COLUMN installed_intact boolean NOT NULL DEFAULT false`);
    await runner.query(`UPDATE package_distribution SET installed_intact = true WHERE state = 'INSTALLED' AND installed_version IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE package_distribution DROP COLUMN installed_intact`);
  }
}
