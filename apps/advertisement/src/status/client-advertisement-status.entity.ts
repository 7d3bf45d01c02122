import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@sdp/persistence';
import type { ProgramOutput } from '@sdp/contracts';

/** A client's current acceptance and delivery state of one advertisement; written by the status ingest. */
@Entity('client_advertisement_status')
export class ClientAdvertisementStatusEntity {
  @PrimaryColumn('text')
  advertisementId!: string;

  @PrimaryColumn('uuid')
  clientId!: string;

  @Column('text', { nullable: true })
  acceptanceState!: string | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  acceptanceSeq!: number | null;

  @Column('timestamptz', { nullable: true })
  acceptanceAt!: Date | null;

  @Column('text', { nullable: true })
  deliveryState!: string | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  deliverySeq!: number | null;

  @Column('timestamptz', { nullable: true })
  deliveryAt!: Date | null;

  @Column('integer', { nullable: true })
  messageId!: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  exitCode!: number | null;

  @Column('text', { nullable: true })
  detail!: string | null;

  /** The tails of the program's output that the last delivery report carried (a run's end), else null. */
  @Column('jsonb', { nullable: true })
  output!: ProgramOutput | null;

  @Column('integer', { nullable: true })
  packageVersion!: number | null;

  @Column('bigint', { transformer: bigintAsNumber })
  lastSeq!: number;
}
