import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AdvertisementRetryRequestedData, EventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { DataSource } from 'typeorm';
import { AdvertisementEntity } from '../advertisements/advertisement.entity';
import { advertisementNotFound } from '../advertisements/advertisement.errors';
import { PolicyInvalidation } from '../policy/policy-invalidation';
import { clientNotFailed } from './retry-failed.errors';

/**
 * Whose failed runs to retry. A phase of a rollout would be one more kind here, narrowing the
 * failed clients to that phase's.
 */
export type RetryScope = { kind: 'advertisement' } | { kind: 'client'; clientId: string };

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
  ) {}

  retryFailed(advertisementId: string, scope: RetryScope): Promise<AdvertisementRetryRequestedData> {
    return this.dataSource.transaction(async (manager) => {
      // Locked, so a concurrent delete cannot leave retry rows of an advertisement that is gone.
      const advertisement = await manager.findOne(AdvertisementEntity, { select: { id: true }, where: { id: advertisementId }, lock: { mode: 'pessimistic_write' } });
      if (!advertisement) {
        throw advertisementNotFound(`advertisement ${advertisementId} not found`);
      }
      const clientId = scope.kind === 'client' ? scope.clientId : null;
      const requestedAt = new Date().toISOString();
      // Raw SQL: one set-based statement picks the failed clients and raises their generation, however many there are.
      const retried: { clientId: string }[] = await manager.query(
        `WITH failed AS (
           SELECT client_id FROM client_advertisement_status
           WHERE advertisement_id = $1 AND delivery_state = 'FAILED' AND ($2::uuid IS NULL OR client_id = $2::uuid)
         )
         INSERT INTO advertisement_client_retry AS current (advertisement_id, client_id, generation, requested_at)
         SELECT $1, client_id, 1, $3 FROM failed
         ON CONFLICT (advertisement_id, client_id) DO UPDATE SET generation = current.generation + 1, requested_at = EXCLUDED.requested_at
         RETURNING client_id::text AS "clientId"`,
        [advertisementId, clientId, requestedAt],
      );
      if (clientId !== null && retried.length === 0) {
        throw clientNotFailed(`client ${clientId} has no failed run of advertisement ${advertisementId} to retry`);
      }
      await new PolicyInvalidation(manager).clients(retried.map((row) => row.clientId));
      const data: AdvertisementRetryRequestedData = { advertisementId, scope: scope.kind, clientId, clientCount: retried.length, requestedAt };
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementRetryRequested, subject: advertisementId, data }]);
      return data;
    });
  }
}
