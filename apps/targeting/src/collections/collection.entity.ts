import { CollectionRuleData, MaintenanceWindowData } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('collection')
export class CollectionEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  comment!: string;

  @Column('boolean')
  builtIn!: boolean;

  @Column('text', { nullable: true })
  limitingCollectionId!: string | null;

  @Column('text', { nullable: true })
  parentCollectionId!: string | null;

  @Column('jsonb')
  rules!: CollectionRuleData[];

  @Column('boolean')
  refreshIncremental!: boolean;

  @Column('integer', { nullable: true })
  fullEveryMinutes!: number | null;

  @Column('jsonb')
  maintenanceWindows!: MaintenanceWindowData[];

  @Column('integer')
  membershipVersion!: number;

  @Column('timestamptz', { nullable: true })
  lastFullEvaluationAt!: Date | null;

  @Column('boolean')
  announced!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
