import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ContentGrant, PolicyBody } from '@sdp/contracts';
import { buildPolicy, explainAdvertisement, policyRunsContent } from './policy-builder';
import { etagOf } from './etag';
import { loadClientPolicyData } from './policy-data';
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
 * Serves policies from the per-client cache; a missing or stale entry is computed for that
 * client alone and stored unless an event invalidated policies meanwhile (the epoch moved).
 */
@Injectable()
export class PolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
  ) {}

  async policyFor(clientId: string): Promise<ServedPolicy> {
    // Raw SQL: measured hot path (bench policy): every poll reads the cache; two columns, no entity built.
    const [cached]: { etag: string; body: PolicyBody }[] = await this.dataSource.query(
      `SELECT etag, body FROM client_policy WHERE client_id = $1 AND (valid_until IS NULL OR valid_until > now())`,
      [clientId],
    );
    if (cached) {
      return cached;
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

  /** The ETag of the client's cached policy, if one is current: enough to answer a poll with 304. */
  async cachedEtag(clientId: string): Promise<string | undefined> {
    // Raw SQL: measured hot path (bench policy): a poll answered with 304 reads only the ETag.
    const [cached]: { etag: string }[] = await this.dataSource.query(
      `SELECT etag FROM client_policy WHERE client_id = $1 AND (valid_until IS NULL OR valid_until > now())`,
      [clientId],
    );
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

  private async compute(clientId: string): Promise<ServedPolicy> {
    // Raw SQL: measured hot path (bench policy): the epoch check (FOR SHARE) and the cache upsert (ON CONFLICT) in one statement each.
    // The epoch is read before any input, so an event committed after this read is noticed below.
    const [{ value: epoch }]: { value: string }[] = await this.dataSource.query(`SELECT value FROM policy_epoch WHERE id = 1`);
    const data = await loadClientPolicyData(this.dataSource.manager, clientId);
    const { body, validUntil } = buildPolicy(data, new Date());
    const etag = etagOf(body);
    await this.dataSource.transaction(async (manager) => {
      const [{ value: current }]: { value: string }[] = await manager.query(`SELECT value FROM policy_epoch WHERE id = 1 FOR SHARE`);
      if (current !== epoch) {
        return;
      }
      await manager.query(
        `INSERT INTO client_policy (client_id, etag, body, valid_until, computed_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (client_id) DO UPDATE SET etag = EXCLUDED.etag, body = EXCLUDED.body, valid_until = EXCLUDED.valid_until,
           computed_at = EXCLUDED.computed_at`,
        [clientId, etag, JSON.stringify(body), validUntil],
      );
    });
    return { etag, body };
  }
}
