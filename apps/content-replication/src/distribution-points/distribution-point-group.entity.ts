import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('distribution_point_group')
export class DistributionPointGroupEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('text', { array: true })
  members!: string[];

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
