import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AdvertisementRetryRequestedData, ClientRerunAccepted, EventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { AdvertisementRolloutEntity } from '../rollout/advertisement-rollout.entity';
import { rolloutNotFound } from '../rollout/rollout.errors';
import { tallyRollout } from '../rollout/rollout-tally';
import { AdvertisementEntity } from '../advertisements/advertisement.entity';
import { advertisementNotFound } from '../advertisements/advertisement.errors';
import { PolicyInvalidation } from '../policy/policy-invalidation';
import { PolicyService } from '../policy/policy.service';
import { clientNotFailed, clientNotTargeted, retryPhaseUnknown } from './retry-failed.errors';

/** Whose failed runs to retry: the advertisement's, one phase's of its rollout (1-based), or one client's. */
export type RetryScope = { kind: 'advertisement' } | { kind: 'phase'; phase: number } | { kind: 'client'; clientId: string };

/**
 * The administrator's "retry failed": every chosen client whose last delivery state is FAILED
 * gets the next retry generation of the advertisement in its policy, which makes its agent run
 * the advertisement again although its history says it ran (and failed). Their cached policies
 * are dropped and an event says so, in one transaction.
 */
@Injectable()
export class RetryFailedService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly policies: PolicyService,
  ) {}

  /**
   * The administrator's "rerun" of one client: it runs the advertisement again whatever its last
   * outcome and the rerun rule. Like retry-failed, it raises the client's retry generation, now
   * marked as a rerun (rerunGeneration), drops its cached policy and says so in an event; only
   * for a client the advertisement applies to (Explain's rule), else CLIENT_NOT_TARGETED with why.
   */
  async rerun(advertisementId: string, clientId: string): Promise<ClientRerunAccepted> {
    const verdict = (await this.policies.applicability(clientId, [advertisementId])).get(advertisementId);
    if (!verdict) {
      throw advertisementNotFound(`advertisement ${advertisementId} not found`);
    }
    if (!verdict.applies) {
      throw clientNotTargeted(`advertisement ${advertisementId} does not apply to client ${clientId}: ${verdict.reason}`);
    }
    return this.dataSource.transaction(async (manager) => {
      // Locked, so a concurrent delete cannot leave a retry row of an advertisement that is gone.
      if (!(await manager.findOne(AdvertisementEntity, { select: { id: true }, where: { id: advertisementId }, lock: { mode: 'pessimistic_write' } }))) {
        throw advertisementNotFound(`advertisement ${advertisementId} not found`);
      }
      const requestedAt = new Date().toISOString();
      await manager.query(
        `INSERT INTO advertisement_client_retry AS current (advertisement_id, client_id, generation, rerun_generation, requested_at)
         VALUES ($1, $2, 1, 1, $3)
         ON CONFLICT (advertisement_id, client_id) DO UPDATE SET
           generation = current.generation + 1, rerun_generation = current.generation + 1, requested_at = EXCLUDED.requested_at`,
        [advertisementId, clientId, requestedAt],
      );
      await new PolicyInvalidation(manager).clients([clientId]);
      const data: AdvertisementRetryRequestedData = { advertisementId, scope: 'client', clientId, phase: null, clientCount: 1, requestedAt, rerun: true };
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementRetryRequested, subject: advertisementId, data }]);
      return { advertisementId, clientId };
    });
  }

  retryFailed(advertisementId: string, scope: RetryScope): Promise<AdvertisementRetryRequestedData> {
    return this.dataSource.transaction(async (manager) => {
      // Locked, so a concurrent delete cannot leave retry rows of an advertisement that is gone.
      const advertisement = await manager.findOne(AdvertisementEntity, {
        select: { id: true, collectionId: true, includeSubcollections: true },
        where: { id: advertisementId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!advertisement) {
        throw advertisementNotFound(`advertisement ${advertisementId} not found`);
      }
      const clientId = scope.kind === 'client' ? scope.clientId : null;
      const phase = scope.kind === 'phase' ? scope.phase : null;
      // A phase's clients, placed by the rule the policy and the gates use; null: no narrowing.
      const phaseClients = phase === null ? null : await this.clientsOfPhase(manager, advertisement, phase);
      const requestedAt = new Date().toISOString();
      // Raw SQL: one set-based statement picks the failed clients and raises their generation, however many there are.
      const retried: { clientId: string }[] = await manager.query(
        `WITH failed AS (
           SELECT client_id FROM client_advertisement_status
           WHERE advertisement_id = $1 AND delivery_state = 'FAILED' AND ($2::uuid IS NULL OR client_id = $2::uuid)
             AND ($4::uuid[] IS NULL OR client_id = ANY($4::uuid[]))
         )
         INSERT INTO advertisement_client_retry AS current (advertisement_id, client_id, generation, requested_at)
         SELECT $1, client_id, 1, $3 FROM failed
         ON CONFLICT (advertisement_id, client_id) DO UPDATE SET generation = current.generation + 1, requested_at = EXCLUDED.requested_at
         RETURNING client_id::text AS "clientId"`,
        [advertisementId, clientId, requestedAt, phaseClients],
      );
      if (clientId !== null && retried.length === 0) {
        throw clientNotFailed(`client ${clientId} has no failed run of advertisement ${advertisementId} to retry`);
      }
      await new PolicyInvalidation(manager).clients(retried.map((row) => row.clientId));
      const data: AdvertisementRetryRequestedData = { advertisementId, scope: scope.kind, clientId, phase, clientCount: retried.length, requestedAt };
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementRetryRequested, subject: advertisementId, data }]);
      return data;
    });
  }

  private async clientsOfPhase(manager: EntityManager, advertisement: Pick<AdvertisementEntity, 'id' | 'collectionId' | 'includeSubcollections'>, phase: number): Promise<string[]> {
    const rollout = await manager.findOne(AdvertisementRolloutEntity, { where: { advertisementId: advertisement.id } });
    if (!rollout) {
      throw rolloutNotFound(`advertisement ${advertisement.id} has no phases: retry its failed clients without --phase`);
    }
    if (phase > rollout.phases.length) {
      throw retryPhaseUnknown(`phase ${phase} is not a phase of advertisement ${advertisement.id}, which has ${rollout.phases.length}`, [
        { field: 'phase', problems: [`must be from 1 to ${rollout.phases.length}`] },
      ]);
    }
    const tally = await tallyRollout(manager, advertisement, rollout.phases, null);
    return tally.phaseClients[phase - 1];
  }
}
