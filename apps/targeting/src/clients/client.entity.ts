import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('client')
export class ClientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { unique: true })
  hardwareId!: string;

  @Column('text', { nullable: true })
  domain!: string | null;

  @Column('text')
  osName!: string;

  @Column('text')
  osVersion!: string;

  @Column('text')
  osArch!: string;

  @Column('text')
  siteCode!: string;

  @Column('jsonb')
  ipAddresses!: string[];

  @Column('jsonb')
  inventory!: Record<string, unknown>;

  @Column('boolean')
  approved!: boolean;

  @Column('boolean')
  blocked!: boolean;

  @Column('timestamptz')
  registeredAt!: Date;

  @Column('timestamptz')
  lastSeenAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
