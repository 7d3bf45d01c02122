import type { SecretHash } from '@sdp/auth';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('enrollment_secret')
export class EnrollmentSecretEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  name!: string;

  /** `sha256=<hex>` of the secret (libs/auth secret-hash); the secret itself is never stored. */
  @Column('text', { unique: true })
  secretHash!: SecretHash;

  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('boolean')
  approvalRequired!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('text')
  createdBy!: string;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;
}
