import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A package assigned to a DP directly or to a group, whose members then receive it (distribution-rows.ts). */
@Entity('package_assignment')
export class PackageAssignmentEntity {
  @PrimaryColumn('text')
  packageId!: string;

  @PrimaryColumn('text')
  targetKind!: 'distribution-point' | 'group';

  @PrimaryColumn('text')
  targetName!: string;

  @Column('timestamptz')
  createdAt!: Date;
}
