import type { PackageData } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** This service's copy of a catalog package, kept by the catalog projection (event-handlers/catalog.handler.ts). */
@Entity('known_package')
export class KnownPackageEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean')
  hasSource!: boolean;

  @Column('integer')
  sourceVersion!: number;

  @Column('jsonb')
  data!: PackageData;
}
