import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@sdp/persistence';

@Entity('source_version')
export class SourceVersionEntity {
  @PrimaryColumn('text')
  packageId!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('text')
  manifestDigest!: string;

  @Column('integer')
  fileCount!: number;

  @Column('bigint', { transformer: bigintAsNumber })
  sizeBytes!: number;

  /** Bytes this upload added to the store; the rest was already there (dedup). */
  @Column('bigint', { transformer: bigintAsNumber })
  newBytes!: number;

  @Column('timestamptz')
  publishedAt!: Date;
}
