import type { ProgramData } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** This service's copy of a catalog program, kept by the catalog projection (event-handlers/catalog.handler.ts). */
@Entity('known_program')
export class KnownProgramEntity {
  @PrimaryColumn('text')
  packageId!: string;

  @PrimaryColumn('text')
  name!: string;

  @Column('boolean')
  disabled!: boolean;

  @Column('jsonb')
  data!: ProgramData;
}
