import { PolicyBody } from '@sdp/contracts';
import { DataSource } from 'typeorm';
import { notifyPolicyChanges, PolicyChange } from '../push/policy-change-channel';
import { etagOfJson } from './etag';
import { buildPolicy } from './policy-builder';
import { loadPolicyData } from './policy-data';

/** One client's policy as computed from the inputs read at `inputsAt`. */
export interface ComputedPolicy {
  clientId: string;
  /** Whether the client is known (registered, not deleted): the worker stores only those. */
  known: boolean;
  etag: string;
  body: PolicyBody;
  /** The body's JSON, serialised once: the ETag's input, the stored value and what a push event carries. */
  json: string;
  validUntil: Date | null;
}

export interface ComputedBatch {
  /** The database's time before the first input was read (text: PostgreSQL's microseconds kept). */
  inputsAt: string;
  policies: ComputedPolicy[];
}

/**
 * Computes the policies of a batch of clients (a poll's one client or a worker's batch): the one
 * path from inputs to policy, so a poll and the worker cannot disagree.
 */
export async function computePolicies(dataSource: DataSource, clientIds: readonly string[]): Promise<ComputedBatch> {
  // Raw SQL: the database's clock, read before the inputs, orders computations by the data they saw (see storePolicies).
  const [{ now: inputsAt }]: { now: string }[] = await dataSource.query(`SELECT now()::text AS now`);
  const inputs = await loadPolicyData(dataSource.manager, clientIds);
  const now = new Date();
  const policies = inputs.map((data) => {
    const { body, validUntil } = buildPolicy(data, now);
    const json = JSON.stringify(body);
    return { clientId: data.clientId, known: data.client !== undefined, etag: etagOfJson(json), body, json, validUntil };
  });
  return { inputsAt, policies };
}

/**
 * Stores computed policies in the cache and, with `notify` (the worker's batches; not a poll's own
 * policy), tells the replicas (policy-change-channel) which were stored; returns them. One rule for every writer: a client's policy is stored unless
 * - the client is in the recompute queue: an invalidation committed after its inputs were read
 *   (that invalidation holds the epoch row until it commits, and this takes it FOR SHARE, so the
 *   queue is read after it), and the queued entry will compute it again; or
 * - its cached row was computed from newer inputs (another replica, or a poll, that read after
 *   the invalidation this one missed), which an older computation must not overwrite.
 * A computation that missed an invalidation read its inputs before that commit; the one that
 * claimed the queued entry read them after: the newest inputs win.
 */
export async function storePolicies(dataSource: DataSource, batch: ComputedBatch, options: { notify: boolean } = { notify: true }): Promise<PolicyChange[]> {
  if (batch.policies.length === 0) {
    return [];
  }
  // Same lock order in every writer: by client ID.
  const computed = [...batch.policies].sort((left, right) => (left.clientId < right.clientId ? -1 : left.clientId > right.clientId ? 1 : 0));
  return dataSource.transaction(async (manager) => {
    // Raw SQL: the epoch row FOR SHARE serialises with invalidations; the batch's queued clients read by key (ANY: no join the
    // planner could misjudge while the queue's statistics lag behind a burst); one set-based upsert of the rest (one JSON parameter,
    // put together from each body's JSON text: a batch's bodies are not serialised again).
    await manager.query(`SELECT 1 FROM policy_epoch WHERE id = 1 FOR SHARE`);
    const queuedRows: { client_id: string }[] = await manager.query(`SELECT client_id::text FROM policy_recompute_queue WHERE client_id = ANY($1::uuid[])`, [
      computed.map((policy) => policy.clientId),
    ]);
    const queued = new Set(queuedRows.map((row) => row.client_id));
    const policies = computed.filter((policy) => !queued.has(policy.clientId.toLowerCase()));
    if (policies.length === 0) {
      return [];
    }
    const stored: PolicyChange[] = await manager.query(
      `INSERT INTO client_policy (client_id, etag, body, valid_until, computed_at)
       SELECT x.client_id, x.etag, x.body, x.valid_until, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS x(client_id uuid, etag text, body jsonb, valid_until timestamptz)
       ON CONFLICT (client_id) DO UPDATE SET etag = EXCLUDED.etag, body = EXCLUDED.body, valid_until = EXCLUDED.valid_until,
         computed_at = EXCLUDED.computed_at
       WHERE client_policy.computed_at <= EXCLUDED.computed_at
       RETURNING client_id::text AS "clientId", etag`,
      [policiesJson(policies), batch.inputsAt],
    );
    if (options.notify) {
      await notifyPolicyChanges(manager, stored);
    }
    return stored;
  });
}

/** The JSON array of the policies' rows as the upsert reads them (jsonb_to_recordset), with each body's JSON text as it is. */
function policiesJson(policies: readonly ComputedPolicy[]): string {
  const rows = policies.map(
    (policy) =>
      `{"client_id":${JSON.stringify(policy.clientId)},"etag":${JSON.stringify(policy.etag)},"body":${policy.json},"valid_until":${JSON.stringify(policy.validUntil)}}`,
  );
  return `[${rows.join(',')}]`;
}
