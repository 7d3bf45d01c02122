import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientTokenVerifier, IssuedChallenge, isValidClientKeySignature, parseClientPublicKey } from '@sdp/auth';
import { ClientKeyProof, EventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { TargetingConfig } from '../config';
import { toClientData } from './client-data';
import { BlockedClients } from './client-revocation-list';
import { ClientEntity } from './client.entity';
import {
  challengeAlreadyUsed,
  challengeExpired,
  challengeInvalid,
  clientBlocked,
  clientKeyAlreadyExists,
  clientKeyMissing,
  clientNotApproved,
  clientNotRegistered,
  clientProofInvalid,
  clientPublicKeyInvalid,
  clientTokenOfOtherClient,
  clientTokenRequired,
} from './client.errors';
import { ClientTokenDto } from './dto/client-key.dto';
import { SERVICE_CONFIG } from '@sdp/service';

/** A checked challenge, to be used up once. */
export interface UsableChallenge {
  readonly nonce: string;
  readonly expiresAt: Date;
}

/** How often used challenge nonces older than their challenge are deleted; they are useless after it. */
const USED_CHALLENGE_PRUNE_INTERVAL_MS = 60_000;

/**
 * What a client's key is good for: proving, with a challenge it signed, that a registration or a
 * token renewal comes from the holder of the key; and the tokens handed out on such proof. A
 * client registered before keys adopts one with its old token.
 */
@Injectable()
export class ClientCredentialsService {
  private readonly logger = new Logger(ClientCredentialsService.name);
  private nextPruneAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly blockedClients: BlockedClients,
    @Inject(SERVICE_CONFIG) private readonly config: TargetingConfig,
  ) {}

  issueChallenge(): IssuedChallenge {
    return this.config.clientChallenges.issue();
  }

  /**
   * Checks that `proof` is a signature by `publicKey` of a challenge this service issued and that
   * has not expired, and uses the challenge up inside `manager`'s transaction: 401 otherwise.
   */
  async requireProof(manager: EntityManager, publicKey: string, proof: ClientKeyProof): Promise<void> {
    const challenge = this.checkProof(publicKey, proof);
    if (!(await this.useChallenges(manager, [challenge])).has(challenge.nonce)) {
      throw challengeAlreadyUsed('The challenge has been used already; ask for a new one');
    }
  }

  /**
   * The part of requireProof that needs no database: the key, the challenge and the signature
   * (401 otherwise). The challenge is good once: the caller uses it up with useChallenges.
   */
  checkProof(publicKey: string, proof: ClientKeyProof): UsableChallenge {
    const key = parseClientPublicKey(publicKey);
    if (!key) {
      throw clientPublicKeyInvalid('publicKey is not an Ed25519 public key');
    }
    const challenge = this.config.clientChallenges.check(proof.challenge);
    if (!challenge.ok) {
      throw challenge.reason === 'expired'
        ? challengeExpired('The challenge has expired; ask for a new one')
        : challengeInvalid('The challenge was not issued by this service');
    }
    if (!isValidClientKeySignature(key, proof.challenge, proof.signature)) {
      throw clientProofInvalid('The signature does not match the key');
    }
    return { nonce: challenge.nonce, expiresAt: challenge.expiresAt };
  }

  /**
   * Uses the challenges up in `manager`'s transaction, in one statement; returns the nonces used
   * up now. One used before (or twice in `challenges`) is not among them: CHALLENGE_ALREADY_USED.
   */
  async useChallenges(manager: EntityManager, challenges: readonly UsableChallenge[]): Promise<Set<string>> {
    await this.pruneUsedChallenges(manager);
    // Raw SQL: each nonce is used up once (ON CONFLICT DO NOTHING RETURNING), however many proofs race.
    const used: { nonce: string }[] = await manager.query(
      `INSERT INTO used_client_challenge (nonce, expires_at)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT (nonce) DO NOTHING RETURNING nonce`,
      [challenges.map((challenge) => challenge.nonce), challenges.map((challenge) => challenge.expiresAt)],
    );
    return new Set(used.map((row) => row.nonce));
  }

  /** Gives back challenges useChallenges used up for proofs whose request was refused after all: nothing of it stays. */
  async releaseChallenges(manager: EntityManager, nonces: readonly string[]): Promise<void> {
    if (nonces.length > 0) {
      // Raw SQL: one set-based delete (ANY).
      await manager.query('DELETE FROM used_client_challenge WHERE nonce = ANY($1::uuid[])', [nonces]);
    }
  }

  /** A token for an approved, unblocked client, of its current key generation. */
  tokenFor(client: ClientEntity): ClientTokenDto {
    const issuer = this.config.auth.clientTokenIssuer;
    if (!issuer) {
      throw new Error('targeting must be configured to issue client tokens');
    }
    const lifetime = this.config.CLIENT_TOKEN_LIFETIME_SECONDS;
    const token = issuer.issue({
      clientId: client.id,
      siteCode: client.siteCode,
      expiresInSeconds: lifetime,
      keyGeneration: client.keyGeneration,
    });
    return { clientId: client.id, token, expiresAt: new Date(Date.now() + lifetime * 1000).toISOString() };
  }

  /**
   * POST /api/v1/clients/:id/token. Every failure to prove the key is the same 401, so the answer
   * tells nobody whether a client ID exists.
   */
  async renew(clientId: string, proof: ClientKeyProof): Promise<ClientTokenDto> {
    const result = await this.dataSource.transaction(async (manager) => {
      const client = await manager.getRepository(ClientEntity).findOneBy({ id: clientId });
      if (!client?.publicKey) {
        throw clientKeyMissing('No client with this ID holds a key; register');
      }
      await this.requireProof(manager, client.publicKey, proof);
      this.requireActive(client);
      return this.tokenFor(client);
    });
    this.logger.log(`client ${clientId} renewed its token (valid until ${result.expiresAt})`);
    return result;
  }

  /**
   * PUT /api/v1/clients/:id/key: a client registered before keys presents its old token (which has
   * no expiry) and a proof of its new key. Its key generation moves on, so that old token,
   * and any copy of it, stops working on every service.
   */
  async adoptKey(clientId: string, bearerToken: string | undefined, publicKey: string, proof: ClientKeyProof): Promise<ClientTokenDto> {
    const verification = bearerToken
      ? await this.verifier().verify(bearerToken, this.blockedClients, { allowWithoutExpiry: true })
      : ({ ok: false, reason: 'malformed' } as const);
    if (!verification.ok) {
      if (verification.reason === 'blocked') {
        throw clientBlocked('Client is blocked');
      }
      throw clientTokenRequired('A client token of this client is needed to adopt a key');
    }
    if (verification.claims.sub !== clientId) {
      throw clientTokenOfOtherClient('A client token may only act for its own client');
    }
    const result = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ClientEntity);
      const client = await repository.findOne({ where: { id: clientId }, lock: { mode: 'pessimistic_write' } });
      if (!client) {
        throw clientNotRegistered('No client with this ID; register');
      }
      if (client.publicKey !== null) {
        throw clientKeyAlreadyExists('This client already has a key: renew its token with that key, or register again');
      }
      await this.requireProof(manager, publicKey, proof);
      this.requireActive(client);
      client.publicKey = publicKey;
      client.keyGeneration += 1;
      client.updatedAt = new Date();
      const saved = await repository.save(client);
      await this.outbox.enqueue(manager, [{ type: EventTypes.targeting.clientUpdated, subject: saved.id, data: toClientData(saved) }]);
      return this.tokenFor(saved);
    });
    this.logger.log(`client ${clientId} adopted a key; its tokens from before are retired`);
    return result;
  }

  private requireActive(client: ClientEntity): void {
    if (client.blocked) {
      throw clientBlocked('Client is blocked');
    }
    if (!client.approved) {
      throw clientNotApproved('Client is waiting for approval');
    }
  }

  private verifier(): ClientTokenVerifier {
    return this.config.auth.clientTokenVerifier;
  }

  private async pruneUsedChallenges(manager: EntityManager): Promise<void> {
    if (Date.now() < this.nextPruneAt) {
      return;
    }
    this.nextPruneAt = Date.now() + USED_CHALLENGE_PRUNE_INTERVAL_MS;
    // Raw SQL: one set-based delete of the expired nonces, judged by the database's clock.
    await manager.query(`DELETE FROM used_client_challenge WHERE expires_at < now()`);
  }
}
