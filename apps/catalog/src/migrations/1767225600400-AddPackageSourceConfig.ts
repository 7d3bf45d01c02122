import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where a package's source is re-imported from (the S3 secret sealed) and when it was last looked at. */
export class AddPackageSourceConfig1767225600400 implements MigrationInterface {
  name = 'AddPackageSourceConfig1767225600400';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE package ADD COLUMN source_config jsonb, ADD COLUMN source_checked_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE package DROP COLUMN source_checked_at, DROP COLUMN source_config`);
  }
}
