import type { RolloutPhaseData, RolloutState } from '@sdp/contracts';
import { EntityManager } from 'typeorm';
import type { RolloutPlacement } from '../policy/applicability';
import { phaseOfClient } from './rollout-plan';

/** What a client's policy needs of an advertisement's phased deployment. */
export interface RolloutRecord {
  advertisementId: string;
  phases: RolloutPhaseData[];
  state: RolloutState;
  openPhases: number;
}

/** The phased deployments of some advertisements (those without phases have none), for the policy computation. */
export async function loadRolloutRecords(manager: EntityManager, advertisementIds: readonly string[]): Promise<RolloutRecord[]> {
  if (advertisementIds.length === 0) {
    return [];
  }
  // Raw SQL: part of the measured policy computation (policy-data.ts): one set-based read per batch, only the columns it uses.
  return manager.query(
    `SELECT advertisement_id AS "advertisementId", phases, state, open_phases AS "openPhases" FROM advertisement_rollout WHERE advertisement_id = ANY($1::text[])`,
    [advertisementIds],
  );
}

/** Where one client stands in a phased deployment: its phase by the plan's rule, and how far the rollout opened. */
export function rolloutPlacement(
  rollout: RolloutRecord | undefined,
  client: { clientId: string; collections: ReadonlySet<string>; ancestors: ReadonlySet<string> },
): RolloutPlacement | undefined {
  if (!rollout) {
    return undefined;
  }
  const phase = phaseOfClient(rollout.phases, rollout.advertisementId, client.clientId, (collectionId) => client.collections.has(collectionId) || client.ancestors.has(collectionId));
  return { phase, openPhases: rollout.openPhases, phases: rollout.phases.length, cancelled: rollout.state === 'cancelled' };
}

/** Selected next to the columns of `advertisement` (unaliased): where its rollout stands, null without one. */
export const ROLLOUT_GLANCE_COLUMN = `(SELECT jsonb_build_object('state', r.state, 'openPhases', r.open_phases, 'phases', jsonb_array_length(r.phases))
  FROM advertisement_rollout r WHERE r.advertisement_id = advertisement.id) AS rollout`;
