import type { CollectionData, MaintenanceWindowData } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** This service's copy of a targeting collection, kept by the targeting projection (event-handlers/targeting.handler.ts). */
@Entity('known_collection')
export class KnownCollectionEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { nullable: true })
  parentCollectionId!: string | null;

  @Column('jsonb')
  maintenanceWindows!: MaintenanceWindowData[];

  @Column('jsonb')
  data!: CollectionData;
}
