import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@sdp/persistence';
import type { ProgramOutput } from '@sdp/contracts';

/** One report a client sent, as it arrived; written by the status ingest, read as the history. */
@Entity('client_status_report')
export class ClientStatusReportEntity {
  @PrimaryColumn('uuid')
  clientId!: string;

  @PrimaryColumn('bigint', { transformer: bigintAsNumber })
  seq!: number;

  @Column('text')
  advertisementId!: string;

  @Column('text')
  state!: string;

  @Column('integer', { nullable: true })
  messageId!: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  exitCode!: number | null;

  @Column('text', { nullable: true })
  detail!: string | null;

  /** The tails of the program's output; kept on the newest STATUS_OUTPUT_KEPT_PER_CLIENT reports with output of the pair. */
  @Column('jsonb', { nullable: true })
  output!: ProgramOutput | null;

  @Column('integer', { nullable: true })
  packageVersion!: number | null;

  @Column('timestamptz')
  reportedAt!: Date;

  @Column('timestamptz')
  receivedAt!: Date;
}
