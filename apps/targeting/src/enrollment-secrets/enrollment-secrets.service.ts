import { Inject, Injectable } from '@nestjs/common';
import { hashSecret, verifySecret } from '@sdp/auth';
import type { CreatedEnrollmentSecret, EnrollmentSecretData } from '@sdp/contracts';
import { decodeCursor, DEFAULT_PAGE_SIZE, isUniqueViolation, isUuidIdCursor, Page, ruleViolation, SERVICE_CONFIG, toPage } from '@sdp/service';
import { isUUID } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { DataSource, MoreThan } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { TargetingConfig } from '../config';
import { CreateEnrollmentSecretDto } from './dto/create-enrollment-secret.dto';
import { EnrollmentSecretEntity } from './enrollment-secret.entity';
import { enrollmentSecretAlreadyExists, enrollmentSecretInvalid, enrollmentSecretNotFound } from './enrollment-secret.errors';

/** Generated secrets start with it, so a leaked one is recognisable (and scanners can look for it). */
export const ENROLLMENT_SECRET_PREFIX = 'sdp_enr_';
const SECRET_BYTES = 32;
/** What an accepted enrollment secret says about the client enrolling with it. */
export interface Enrollment {
  /** A new client waits, pending, until an administrator approves it. */
  readonly approvalRequired: boolean;
}

function toData(row: EnrollmentSecretEntity): EnrollmentSecretData {
  return {
    id: row.id,
    name: row.name,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    approvalRequired: row.approvalRequired,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * The secrets clients enroll with: SDP_ENROLLMENT_SECRET from the environment, and any number an
 * administrator creates, each with a name, an optional expiry and a way to revoke it. Created
 * secrets are kept as their sha256 only and found by it, so checking one costs one hash and one
 * indexed lookup however many there are.
 */
@Injectable()
export class EnrollmentSecretsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: TargetingConfig,
  ) {}

  /** The secret, in the answer only: it is not stored, logged or published. */
  async create(input: CreateEnrollmentSecretDto, createdBy: string): Promise<CreatedEnrollmentSecret> {
    const now = new Date();
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) {
      throw ruleViolation('expiresAt', 'must be in the future');
    }
    const secret = `${ENROLLMENT_SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
    const row: EnrollmentSecretEntity = {
      id: uuidv7(),
      name: input.name,
      secretHash: hashSecret(secret),
      expiresAt,
      approvalRequired: input.approvalRequired ?? false,
      createdAt: now,
      createdBy,
      revokedAt: null,
      lastUsedAt: null,
    };
    try {
      await this.dataSource.getRepository(EnrollmentSecretEntity).insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw enrollmentSecretAlreadyExists(`an enrollment secret named ${input.name} already exists (revoked ones keep their name)`);
      }
      throw error;
    }
    return { id: row.id, name: row.name, secret, expiresAt: expiresAt?.toISOString() ?? null, approvalRequired: row.approvalRequired, createdAt: now.toISOString() };
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<EnrollmentSecretData>> {
    const after = decodeCursor(cursor, isUuidIdCursor)?.id;
    const rows = await this.dataSource.getRepository(EnrollmentSecretEntity).find({
      where: after === undefined ? {} : { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, (row) => ({ id: row.id }), toData);
  }

  /** By ID or name; kept, listed as revoked. Revoking a revoked secret changes nothing. */
  async revoke(idOrName: string): Promise<EnrollmentSecretData> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(EnrollmentSecretEntity);
      const row = await repository.findOne({
        // Names are never shaped like a UUID, so a UUID is always an ID.
        where: isUUID(idOrName) ? { id: idOrName } : { name: idOrName },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) {
        throw enrollmentSecretNotFound(`enrollment secret ${idOrName} not found`);
      }
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await repository.save(row);
      }
      return toData(row);
    });
  }

  /**
   * Accepts the environment's secret or a created one that is neither revoked nor expired, and
   * notes when a created one was last used. Anything else is 401, which the registration
   * throttle counts; the answer does not say why.
   */
  async authenticate(presented: string): Promise<Enrollment> {
    if (verifySecret(presented, this.config.enrollmentSecretHash)) {
      return { approvalRequired: false };
    }
    const repository = this.dataSource.getRepository(EnrollmentSecretEntity);
    const row = await repository.findOneBy({ secretHash: hashSecret(presented) });
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) || !verifySecret(presented, row.secretHash)) {
      throw enrollmentSecretInvalid('enrollment secret is not valid');
    }
    await repository.update({ id: row.id }, { lastUsedAt: now });
    return { approvalRequired: row.approvalRequired };
  }
}
