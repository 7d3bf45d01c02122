import type { PolicyBody } from '@sdp/contracts';
import { readJsonFile, writeJsonAtomic } from '../state/atomic-file';
import type { AgentContext } from './agent-context';

interface StoredPolicy {
  etag: string | null;
  body: PolicyBody;
  fetchedAt: string;
}

/**
 * The policy: asked for with the stored ETag (304 = keep the stored one), stored after each
 * change, and the stored one used when the service cannot be reached.
 */
export async function currentPolicy(context: AgentContext, poll: boolean): Promise<PolicyBody | undefined> {
  const stored = await readJsonFile<StoredPolicy>(context.layout.policy);
  if (!poll) {
    return stored?.body;
  }
  try {
    const answer = await context.session.call((credentials) => context.services.policy(credentials, stored?.etag ?? null));
    if (!answer.changed && stored) {
      context.log.event('policy', { changed: false, etag: stored.etag, advertisements: stored.body.advertisements.length });
      return stored.body;
    }
    if (!answer.changed) {
      // 304 without a stored policy cannot be used: ask once more without the ETag.
      const fresh = await context.session.call((credentials) => context.services.policy(credentials, null));
      return fresh.changed ? await store(context, fresh.etag, fresh.body) : undefined;
    }
    return await store(context, answer.etag, answer.body);
  } catch (error) {
    context.log.error(`policy poll failed${stored ? ', using the stored policy' : ''}: ${(error as Error).message}`);
    return stored?.body;
  }
}

/** A policy the service pushed with its ETag (the notification stream, authenticated as this client): stored as a fetched one. */
export async function adoptPushedPolicy(context: AgentContext, etag: string, body: PolicyBody): Promise<PolicyBody> {
  return store(context, etag, body, true);
}

/** The ETag of the stored policy (null if none is stored), read without the data dir lock: the file is replaced atomically. */
export async function storedPolicyEtag(policyPath: string): Promise<string | null> {
  return (await readJsonFile<StoredPolicy>(policyPath))?.etag ?? null;
}

async function store(context: AgentContext, etag: string | null, body: PolicyBody, pushed = false): Promise<PolicyBody> {
  await writeJsonAtomic(context.layout.policy, { etag, body, fetchedAt: new Date().toISOString() } satisfies StoredPolicy);
  context.log.event('policy', { changed: true, etag, advertisements: body.advertisements.length, ...(pushed ? { pushed: true } : {}) });
  return body;
}
