import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTypeName, EventTypes, RolloutPhaseData, RolloutState, RolloutTransitionData, RolloutView } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { DataSource, EntityManager, In } from 'typeorm';
import { AdvertisementEntity } from '../advertisements/advertisement.entity';
import { advertisementNotFound } from '../advertisements/advertisement.errors';
import { explainAdvertisement } from '../policy/policy-builder';
import { loadPolicyData } from '../policy/policy-data';
import { PolicyInvalidation } from '../policy/policy-invalidation';
import { AdvertisementRolloutEntity } from './advertisement-rollout.entity';
import { criterionHolds, decideGate, MOVING_STATES, nextPhaseAt } from './rollout-gate';
import { rolloutNotFound, rolloutStateConflict } from './rollout.errors';
import { RolloutTally, tallyRollout } from './rollout-tally';

/** Clients whose content readiness is read together when a phase is about to open. */
const READINESS_BATCH = 500;

const EVENT_OF_STATE: Record<Exclude<RolloutState, 'active'>, EventTypeName> = {
  paused: EventTypes.advertisement.rolloutPaused,
  'waiting-for-approval': EventTypes.advertisement.rolloutWaitingForApproval,
  'waiting-for-content': EventTypes.advertisement.rolloutWaitingForContent,
  completed: EventTypes.advertisement.rolloutCompleted,
  cancelled: EventTypes.advertisement.rolloutCancelled,
};

/** What an evaluation did: `opened` asks for another one (the new phase may pass its gate at once). */
export type EvaluationOutcome = 'nothing' | 'changed' | 'opened';

/** Starts an advertisement's phased deployment in its creation's transaction: no phase open until the gate evaluation opens the first. */
export async function insertRollout(manager: EntityManager, advertisementId: string, phases: RolloutPhaseData[], now: Date): Promise<void> {
  await manager.insert(AdvertisementRolloutEntity, {
    advertisementId,
    phases,
    state: 'active',
    openPhases: 0,
    phaseOpenedAt: [],
    reason: null,
    criterionMetAt: null,
    failuresCountedSince: null,
    updatedAt: now,
  });
}

/**
 * Phased deployments: the gate evaluation (failure thresholds, success criteria, gates and the
 * readiness gate: a phase opens only when its content is on the DPs its clients use) and the
 * administrator's controls. Every transition is an event on the advertisement's topic, in the
 * transaction that makes it; a phase opening or a cancel invalidates the affected clients' policies.
 */
@Injectable()
export class RolloutService {
  private readonly logger = new Logger(RolloutService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async view(advertisementId: string): Promise<RolloutView> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { rollout, advertisement } = await findRollout(manager, advertisementId, false);
      return toView(rollout, await this.tally(manager, advertisement, rollout));
    });
  }

  /** The advertisements whose rollout can still move (the timer evaluates them). */
  async moving(): Promise<string[]> {
    const rows = await this.dataSource.getRepository(AdvertisementRolloutEntity).find({ select: { advertisementId: true }, where: { state: In([...MOVING_STATES]) } });
    return rows.map((row) => row.advertisementId);
  }

  /**
   * Applies the gate's decision to one rollout's current counts. After reports it waits for an
   * evaluation another replica is running (that one may have read before these reports); the
   * timer skips a rollout being evaluated (SKIP LOCKED): it comes back next round.
   */
  async evaluate(advertisementId: string, options: { skipLocked: boolean } = { skipLocked: false }): Promise<EvaluationOutcome> {
    const now = new Date();
    return this.dataSource.transaction(async (manager) => {
      const rollout = await manager.findOne(AdvertisementRolloutEntity, {
        where: { advertisementId },
        lock: options.skipLocked ? { mode: 'pessimistic_write', onLocked: 'skip_locked' } : { mode: 'pessimistic_write' },
      });
      if (!rollout || !MOVING_STATES.includes(rollout.state)) {
        return 'nothing';
      }
      const advertisement = await manager.findOneByOrFail(AdvertisementEntity, { id: advertisementId });
      const tally = await this.tally(manager, advertisement, rollout);
      const decision = decideGate({ phases: rollout.phases, state: rollout.state, openPhases: rollout.openPhases, criterionMetAt: rollout.criterionMetAt, counts: tally.counts, now });
      switch (decision.kind) {
        case 'none':
          return 'nothing';
        case 'criterion-met':
          await manager.update(AdvertisementRolloutEntity, { advertisementId }, { criterionMetAt: decision.at, updatedAt: now });
          return 'changed';
        case 'criterion-lost':
          await manager.update(AdvertisementRolloutEntity, { advertisementId }, { criterionMetAt: null, updatedAt: now });
          return 'changed';
        case 'pause':
          await this.transition(manager, rollout, { state: 'paused', reason: decision.reason }, decision.phase, now);
          return 'changed';
        case 'wait-for-approval':
          await this.transition(manager, rollout, { state: 'waiting-for-approval', reason: null }, decision.phase, now);
          return 'changed';
        case 'complete':
          await this.transition(manager, rollout, { state: 'completed', reason: null, criterionMetAt: null }, rollout.phases.length, now);
          return 'changed';
        case 'open':
          return (await this.openPhase(manager, rollout, advertisement, tally, decision.phase, now)) ? 'opened' : 'changed';
      }
    });
  }

  /** Opens the next phase of a rollout waiting for approval (its content permitting). */
  async approve(advertisementId: string): Promise<RolloutView> {
    return this.control(advertisementId, async (manager, rollout, advertisement, now) => {
      if (rollout.state !== 'waiting-for-approval') {
        throw rolloutStateConflict(`the rollout of advertisement ${advertisementId} is ${rollout.state}, not waiting for approval: nothing to approve`);
      }
      await this.openPhase(manager, rollout, advertisement, await this.tally(manager, advertisement, rollout), rollout.openPhases + 1, now);
    });
  }

  /** Stops further phases opening; the open ones stay offered. */
  async pause(advertisementId: string): Promise<RolloutView> {
    return this.control(advertisementId, async (manager, rollout, _advertisement, now) => {
      if (!MOVING_STATES.includes(rollout.state)) {
        throw rolloutStateConflict(`the rollout of advertisement ${advertisementId} is ${rollout.state}: only a moving rollout can be paused`);
      }
      await this.transition(manager, rollout, { state: 'paused', reason: 'paused by an administrator' }, Math.max(rollout.openPhases, 1), now);
    });
  }

  /** Lets a paused rollout move again; failures reported before now no longer count against the thresholds. */
  async resume(advertisementId: string): Promise<RolloutView> {
    return this.control(advertisementId, async (manager, rollout, _advertisement, now) => {
      if (rollout.state !== 'paused') {
        throw rolloutStateConflict(`the rollout of advertisement ${advertisementId} is ${rollout.state}, not paused: nothing to resume`);
      }
      await this.transition(manager, rollout, { state: 'active', reason: null, criterionMetAt: null, failuresCountedSince: now }, Math.max(rollout.openPhases, 1), now, EventTypes.advertisement.rolloutResumed);
    });
  }

  /** Withdraws the advertisement from every client of the rollout. */
  async cancel(advertisementId: string): Promise<RolloutView> {
    return this.control(advertisementId, async (manager, rollout, advertisement, now) => {
      if (rollout.state === 'completed' || rollout.state === 'cancelled') {
        throw rolloutStateConflict(`the rollout of advertisement ${advertisementId} is already ${rollout.state}`);
      }
      await this.transition(manager, rollout, { state: 'cancelled', reason: null, criterionMetAt: null }, Math.max(rollout.openPhases, 1), now);
      await new PolicyInvalidation(manager).collections([advertisement.collectionId]);
    });
  }

  private async control(
    advertisementId: string,
    change: (manager: EntityManager, rollout: AdvertisementRolloutEntity, advertisement: AdvertisementEntity, now: Date) => Promise<void>,
  ): Promise<RolloutView> {
    return this.dataSource.transaction(async (manager) => {
      const { rollout, advertisement } = await findRollout(manager, advertisementId, true);
      await change(manager, rollout, advertisement, new Date());
      const after = await manager.findOneByOrFail(AdvertisementRolloutEntity, { advertisementId });
      return toView(after, await this.tally(manager, advertisement, after));
    });
  }

  private tally(manager: EntityManager, advertisement: AdvertisementEntity, rollout: AdvertisementRolloutEntity): Promise<RolloutTally> {
    return tallyRollout(manager, advertisement, rollout.phases, rollout.failuresCountedSince);
  }

  /**
   * The readiness gate: the phase opens only when the advertisement's content is on a DP every
   * one of its clients may use; otherwise the rollout waits for content (the timer checks again).
   * Answers whether it opened.
   */
  private async openPhase(
    manager: EntityManager,
    rollout: AdvertisementRolloutEntity,
    advertisement: AdvertisementEntity,
    tally: RolloutTally,
    phase: number,
    now: Date,
  ): Promise<boolean> {
    const clients = tally.phaseClients[phase - 1];
    const notReady = await this.clientsWithoutContent(manager, advertisement.id, clients, now);
    if (notReady.count > 0) {
      const reason = `${notReady.why} for ${notReady.count} of ${clients.length} clients of phase ${phase}`;
      if (rollout.state !== 'waiting-for-content') {
        await this.transition(manager, rollout, { state: 'waiting-for-content', reason, criterionMetAt: null }, phase, now);
      } else if (rollout.reason !== reason) {
        await manager.update(AdvertisementRolloutEntity, { advertisementId: rollout.advertisementId }, { reason, updatedAt: now });
      }
      return false;
    }
    await this.transition(
      manager,
      rollout,
      { state: 'active', reason: null, criterionMetAt: null, openPhases: phase, phaseOpenedAt: [...rollout.phaseOpenedAt, now.toISOString()] },
      phase,
      now,
      EventTypes.advertisement.rolloutPhaseOpened,
    );
    await new PolicyInvalidation(manager).clients(clients);
    return true;
  }

  /** How many of the clients cannot fetch the advertisement's content yet, and why (the first reason found). */
  private async clientsWithoutContent(manager: EntityManager, advertisementId: string, clients: readonly string[], now: Date): Promise<{ count: number; why: string }> {
    let count = 0;
    let why = '';
    for (let start = 0; start < clients.length; start += READINESS_BATCH) {
      for (const data of await loadPolicyData(manager, clients.slice(start, start + READINESS_BATCH), advertisementId)) {
        const { content } = explainAdvertisement(data, data.advertisements[0], now);
        if (!content?.ready) {
          count += 1;
          why ||= content ? content.reason : 'the package is unknown';
        }
      }
    }
    return { count, why };
  }

  private async transition(
    manager: EntityManager,
    rollout: AdvertisementRolloutEntity,
    change: Partial<AdvertisementRolloutEntity> & { state: RolloutState },
    phase: number,
    now: Date,
    type: EventTypeName = EVENT_OF_STATE[change.state as Exclude<RolloutState, 'active'>],
  ): Promise<void> {
    await manager.update(AdvertisementRolloutEntity, { advertisementId: rollout.advertisementId }, { ...change, updatedAt: now });
    const data: RolloutTransitionData = {
      advertisementId: rollout.advertisementId,
      state: change.state,
      phase,
      openPhases: change.openPhases ?? rollout.openPhases,
      phases: rollout.phases.length,
      reason: change.reason ?? null,
      at: now.toISOString(),
    };
    await this.outbox.enqueue(manager, [{ type, subject: rollout.advertisementId, data }]);
    this.logger.log(`rollout of ${rollout.advertisementId}: ${rollout.state} -> ${change.state} (phase ${phase}/${rollout.phases.length})${data.reason ? `: ${data.reason}` : ''}`);
  }
}

async function findRollout(manager: EntityManager, advertisementId: string, lock: boolean): Promise<{ rollout: AdvertisementRolloutEntity; advertisement: AdvertisementEntity }> {
  const advertisement = await manager.findOneBy(AdvertisementEntity, { id: advertisementId });
  if (!advertisement) {
    throw advertisementNotFound(`advertisement ${advertisementId} not found`);
  }
  const rollout = await manager.findOne(AdvertisementRolloutEntity, { where: { advertisementId }, ...(lock && { lock: { mode: 'pessimistic_write' as const } }) });
  if (!rollout) {
    throw rolloutNotFound(`advertisement ${advertisementId} was created without phases: it has no rollout`);
  }
  return { rollout, advertisement };
}

function toView(rollout: AdvertisementRolloutEntity, tally: RolloutTally): RolloutView {
  return {
    advertisementId: rollout.advertisementId,
    state: rollout.state,
    openPhases: rollout.openPhases,
    reason: rollout.reason,
    criterionMetAt: rollout.criterionMetAt?.toISOString() ?? null,
    nextPhaseAt: rollout.state === 'active' ? (nextPhaseAt(rollout.phases, rollout.openPhases, rollout.criterionMetAt)?.toISOString() ?? null) : null,
    failuresCountedSince: rollout.failuresCountedSince?.toISOString() ?? null,
    phases: rollout.phases.map((phase, index) => ({
      ...phase,
      phase: index + 1,
      open: index < rollout.openPhases,
      openedAt: rollout.phaseOpenedAt[index] ?? null,
      ...tally.counts[index],
      criterionMet: criterionHolds(phase, tally.counts[index]),
    })),
  };
}
