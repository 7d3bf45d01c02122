import { bigintAsNumber } from '@sdp/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('distribution_point')
export class DistributionPointEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text')
  endpoint!: string;

  @Column('text')
  publicEndpoint!: string;

  @Column('text')
  bucket!: string;

  @Column('text')
  region!: string;

  @Column('text')
  accessKey!: string;

  /** AES-256-GCM, see SecretCipher; never leaves the service in any form. */
  @Column('text')
  secretKeyEncrypted!: string;

  @Column('text')
  siteCode!: string;

  @Column('text', { array: true })
  boundaries!: string[];

  @Column('boolean')
  protected!: boolean;

  @Column('boolean')
  enabled!: boolean;

  @Column('integer')
  maxConcurrentTransfers!: number;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  rateLimitBytesPerSec!: number | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
