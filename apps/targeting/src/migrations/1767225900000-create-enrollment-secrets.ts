import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrollment secrets an administrator creates (besides SDP_ENROLLMENT_SECRET): only the sha256 of
 * each is kept, looked up by it at registration. Revoked ones stay, for the audit.
 */
export class CreateEnrollmentSecrets1767225900000 implements MigrationInterface {
  name = 'CreateEnrollmentSecrets1767225900000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE enrollment_secret (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE,
        secret_hash text NOT NULL UNIQUE,
        expires_at timestamptz,
        approval_required boolean NOT NULL,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE enrollment_secret`);
  }
}
