import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PackageData } from '@sdp/contracts';
import { bigintAsNumber } from '@sdp/persistence';
import type { StoredSourceLocation } from '../source-location/source-location';

export type Priority = PackageData['priority'];

@Entity('package')
export class PackageEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  version!: string;

  @Column('text')
  manufacturer!: string;

  @Column('text')
  language!: string;

  @Column('text')
  description!: string;

  @Column('text')
  priority!: Priority;

  @Column('boolean')
  persistInCache!: boolean;

  @Column('boolean')
  hasSource!: boolean;

  @Column('integer')
  sourceVersion!: number;

  @Column('text', { nullable: true })
  manifestDigest!: string | null;

  @Column('timestamptz', { nullable: true })
  sourceDate!: Date | null;

  @Column('bigint', { transformer: bigintAsNumber })
  sizeBytes!: number;

  @Column('integer')
  fileCount!: number;

  @Column('text', { nullable: true })
  sourceLocation!: string | null;

  @Column('integer', { nullable: true })
  sourceRefreshMinutes!: number | null;

  /** Never part of PackageData: it holds the sealed S3 secret. */
  @Column('jsonb', { nullable: true })
  sourceConfig!: StoredSourceLocation | null;

  /** When the source location was last read, by request or schedule. */
  @Column('timestamptz', { nullable: true })
  sourceCheckedAt!: Date | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}

export function toPackageData(entity: PackageEntity): PackageData {
  return {
    id: entity.id,
    name: entity.name,
    version: entity.version,
    manufacturer: entity.manufacturer,
    language: entity.language,
    description: entity.description,
    priority: entity.priority,
    persistInCache: entity.persistInCache,
    hasSource: entity.hasSource,
    sourceVersion: entity.sourceVersion,
    manifestDigest: entity.manifestDigest,
    sourceDate: entity.sourceDate?.toISOString() ?? null,
    sizeBytes: entity.sizeBytes,
    fileCount: entity.fileCount,
    sourceLocation: entity.sourceLocation,
    sourceRefreshMinutes: entity.sourceRefreshMinutes,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}
