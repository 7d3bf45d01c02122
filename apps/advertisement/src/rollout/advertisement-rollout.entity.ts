import type { RolloutPhaseData, RolloutState } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The phased deployment of one advertisement: its plan (fixed at creation) and where it stands. */
@Entity('advertisement_rollout')
export class AdvertisementRolloutEntity {
  @PrimaryColumn('text')
  advertisementId!: string;

  @Column('jsonb')
  phases!: RolloutPhaseData[];

  @Column('text')
  state!: RolloutState;

  /** Phases 1..openPhases are open: their clients get the advertisement. */
  @Column('integer')
  openPhases!: number;

  /** ISO time each open phase opened, in phase order. */
  @Column('jsonb')
  phaseOpenedAt!: string[];

  /** Why it paused or waits. */
  @Column('text', { nullable: true })
  reason!: string | null;

  /** Since when the current phase's success criterion has held; null when it does not. */
  @Column('timestamptz', { nullable: true })
  criterionMetAt!: Date | null;

  /** The last resume: failures reported before it do not count against the thresholds. */
  @Column('timestamptz', { nullable: true })
  failuresCountedSince!: Date | null;

  @Column('timestamptz')
  updatedAt!: Date;
}
