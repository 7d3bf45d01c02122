import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContentGrant, PolicyBody } from '@sdp/contracts';
import { explainAdvertisement, policyRunsContent } from './policy-builder';
import { computePolicies, storePolicies } from './policy-computation';
import { loadClientPolicyData } from './policy-data';
import { PolicyEtagCache } from './policy-etag-cache';
import { PushablePolicy, RecentPolicies } from './recent-policies';
import { ConditionCheck } from './applicability';
import { AdvertisementConfig } from '../config';
import { SERVICE_CONFIG } from '@sdp/service';
import { advertisementNotFound } from '../advertisements/advertisement.errors';
import { contentNotInPolicy } from './policy.errors';

export interface ServedPolicy {
  etag: string;
  body: PolicyBody;
}

export interface Explanation {
  clientId: string;
  advertisementId: string;
  /** Whether the advertisement is in the client's policy. */
  applies: boolean;
  excludedBy: string | null;
  checks: (ConditionCheck | { condition: 'content-ready'; passed: boolean; detail: string })[];
  contentReady: boolean;
  network: 'fast' | 'slow' | null;
  locations: { distributionPoint: string; tier: string }[];
}

/**
 * Serves policies from the per-client cache, which the recompute worker fills after every change;
 * a missing or stale entry (a poll before the worker got to it, or past `valid_until`) is computed
 * for that client alone and stored by the worker's rule (storePolicies).
 */
@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly etags: PolicyEtagCache,
    private readonly recent: RecentPolicies,
  ) {}

  async policyFor(clientId: string): Promise<ServedPolicy> {
    const generation = this.etags.beginRead();
    // Raw SQL: measured hot path (bench policy): every poll reads the cache; two columns, no entity built.
    const [cached]: { etag: string; body: PolicyBody; valid_until: Date | null }[] = await this.dataSource.query(
      `SELECT etag, body, valid_until FROM client_policy WHERE client_id = $1 AND (valid_until IS NULL OR valid_until > now())`,
      [clientId],
    );
    if (cached) {
      this.etags.remember(clientId, cached.etag, cached.valid_until, generation);
      return { etag: cached.etag, body: cached.body };
    }
    return this.compute(clientId);
  }

  /**
   * A content grant for one package version, signed only when the client's current policy runs it
   * (an advertisement's package or a dependency's); else CONTENT_NOT_IN_POLICY saying why. Read from the policy cache,
   * so membership and advertisement changes take effect as they do for the policy itself.
   */
  async contentGrant(clientId: string, packageId: string, version: number): Promise<ContentGrant> {
    const { body } = await this.policyFor(clientId);
    if (!policyRunsContent(body, packageId, version)) {
      throw contentNotInPolicy(`version ${version} of package ${packageId} is in no advertisement of this client's policy`);
    }
    return { packageId, version, ...this.config.contentGrants.issue(clientId, packageId, version) };
  }

  /**
   * What a push event for these changes carries, so an online agent needs no fetch: the policy of
   * the change when this replica's worker computed it (RecentPolicies), else the client's current
   * cached policy (one read for the rest), as JSON text, for the clients `wanted` (those connected
   * here; the others' recent policies are dropped). A client without either is left out (its agent fetches).
   */
  async pushablePolicies(changes: readonly { clientId: string; etag: string }[], wanted: (clientId: string) => boolean): Promise<Map<string, PushablePolicy>> {
    const found = new Map<string, PushablePolicy>();
    const rest: string[] = [];
    for (const { clientId, etag } of changes) {
      const recent = this.recent.take(clientId, etag);
      if (!wanted(clientId)) {
        continue;
      }
      if (recent) {
        found.set(clientId, recent);
      } else {
        rest.push(clientId);
      }
    }
    if (rest.length === 0) {
      return found;
    }
    // Raw SQL: one read by key for a whole notification's clients (the push path: up to ~120 a NOTIFY payload); the body as
    // text, as the event carries it (not parsed to be serialised again).
    const rows: { client_id: string; etag: string; body: string }[] = await this.dataSource.query(
      `SELECT client_id::text, etag, body::text AS body FROM client_policy WHERE client_id = ANY($1::uuid[]) AND (valid_until IS NULL OR valid_until > now())`,
      [rest],
    );
    for (const row of rows) {
      found.set(row.client_id, { etag: row.etag, json: row.body });
    }
    return found;
  }

  /** The ETag of the client's cached policy, if one is current: enough to answer a poll with 304. From this replica's memory when it has it. */
  async cachedEtag(clientId: string): Promise<string | undefined> {
    const remembered = this.etags.get(clientId);
    if (remembered !== undefined) {
      return remembered;
    }
    const generation = this.etags.beginRead();
    // Raw SQL: measured hot path (bench policy): a poll answered with 304 reads only the ETag.
    const [cached]: { etag: string; valid_until: Date | null }[] = await this.dataSource.query(
      `SELECT etag, valid_until FROM client_policy WHERE client_id = $1 AND (valid_until IS NULL OR valid_until > now())`,
      [clientId],
    );
    if (cached) {
      this.etags.remember(clientId, cached.etag, cached.valid_until, generation);
    }
    return cached?.etag;
  }

  async explain(clientId: string, advertisementId: string): Promise<Explanation> {
    const data = await loadClientPolicyData(this.dataSource.manager, clientId, advertisementId);
    const advertisement = data.advertisements[0];
    if (!advertisement) {
      throw advertisementNotFound(`advertisement ${advertisementId} not found`);
    }
    const { applies, content } = explainAdvertisement(data, advertisement, new Date());
    const contentCheck = {
      condition: 'content-ready' as const,
      passed: content?.ready ?? false,
      detail: content ? content.reason : `package ${advertisement.packageId} unknown`,
    };
    return {
      clientId,
      advertisementId,
      applies: applies.applies,
      excludedBy: applies.excludedBy,
      checks: [...applies.checks, contentCheck],
      contentReady: contentCheck.passed,
      network: content?.network ?? null,
      locations: content?.locations ?? [],
    };
  }

  /**
   * Whether each advertisement named applies to the client, by Explain's rule, and when it does
   * not, why: the detail of the first condition that fails (e.g. `not a member of S0100004`).
   * Advertisements that do not exist are left out.
   */
  async applicability(clientId: string, advertisementIds: readonly string[]): Promise<Map<string, { applies: boolean; reason: string | null }>> {
    const data = await loadClientPolicyData(this.dataSource.manager, clientId, advertisementIds);
    const now = new Date();
    return new Map(
      data.advertisements.map((advertisement) => {
        const { applies } = explainAdvertisement(data, advertisement, now);
        const failed = applies.checks.find((check) => !check.passed);
        return [advertisement.id, { applies: applies.applies, reason: failed?.detail ?? null }];
      }),
    );
  }

  /** Computed on the request path when the cache has no current entry; stored by the same rule as the worker's. */
  private async compute(clientId: string): Promise<ServedPolicy> {
    const batch = await computePolicies(this.dataSource, [clientId]);
    // Not announced: the one client it is for is reading it now, and every NOTIFY serialises commits cluster-wide.
    await storePolicies(this.dataSource, batch, { notify: false });
    const [{ etag, body }] = batch.policies;
    return { etag, body };
  }
}
