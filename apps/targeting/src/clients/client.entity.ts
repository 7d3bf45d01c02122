import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('client')
export class ClientEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Not unique: an administrator may keep two computers that report the same hardware ID. */
  @Column('text')
  hardwareId!: string;

  /** The client's Ed25519 public key (base64url of the 32 raw bytes); null only for a client registered before keys that has not started since. */
  @Column('text', { nullable: true })
  publicKey!: string | null;

  /** Counts up when the client gets a new key; tokens of an older generation are refused everywhere. */
  @Column('integer', { default: 0 })
  keyGeneration!: number;

  /** A pending record of a registration that claimed this client's hardware ID without its key. */
  @Column('uuid', { nullable: true })
  conflictsWith!: string | null;

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
