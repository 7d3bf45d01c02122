import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { ClientTokenIssuer, DEV_CLIENT_TOKEN_KEYPAIR, signJws } from '@sdp/auth';
import { ClientData, clientKeyProofMessage, EventTypes, TOPICS } from '@sdp/contracts';
import { clientKeyProof, newClientKey, TestService } from '@sdp/testing';
import { DataSource } from 'typeorm';
import { call, OPERATOR, register, registerAs, registration, startTargeting, TopicReader, VIEWER, withKeyProof } from '../test-support/targeting-test';

type Answer = { clientId?: string; token?: string; status?: string; message?: string; expiresAt?: string; code?: string };

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe('client keys: identity, renewal, conflicts (real targeting)', () => {
  let service: TestService;
  const subjects = new Set<string>();
  const events = new TopicReader(TOPICS.targetingClients, (event) => subjects.has(event.subject));

  beforeAll(async () => {
    service = await startTargeting();
    await events.start();
  }, 60_000);

  afterAll(async () => {
    await events.stop();
    await service?.close();
  });

  const heartbeat = async (clientId: string, token: string): Promise<number> =>
    (await call(service, 'POST', `/clients/${clientId}/heartbeat`, { headers: bearer(token) })).status;
  const clientRows = (hardwareId: string): Promise<{ id: string; approved: boolean; conflicts_with: string | null }[]> =>
    service.app.get(DataSource).query('SELECT id, approved, conflicts_with FROM client WHERE hardware_id = $1 ORDER BY registered_at', [hardwareId]);

  it('never hands an existing client to a registration that only has the enrollment secret and its hardware ID', async () => {
    const body = registration();
    const owner = await register(service, body);
    subjects.add(owner.clientId);

    const intruder = await registerAs<Answer>(service, { ...body, name: 'intruder' }, newClientKey());

    expect(intruder.status).toBe(202);
    expect(intruder.body.token).toBeUndefined();
    expect(intruder.body.clientId).not.toBe(owner.clientId);
    expect(intruder.body.message).toContain('another client already has this hardware ID');
    const conflict = await call<ClientData>(service, 'GET', `/clients/${intruder.body.clientId}`);
    expect(conflict.body).toMatchObject({ approved: false, conflictsWith: owner.clientId });
    // The owner is untouched and keeps working, with its token and with its key.
    const ownerNow = await call<ClientData>(service, 'GET', `/clients/${owner.clientId}`);
    expect(ownerNow.body.name).toBe(body.name);
    expect(await heartbeat(owner.clientId, owner.token)).toBe(204);
    const again = await registerAs<Answer>(service, body, owner.key);
    expect(again.status).toBe(201);
    expect(again.body.clientId).toBe(owner.clientId);
    // The intruder asking again is the same pending record, still without a token.
    const intruderAgain = await registerAs<Answer>(service, { ...body, name: 'intruder' }, newClientKey());
    expect(intruderAgain.status).toBe(202);
    expect(await clientRows(body.hardwareId as string)).toHaveLength(3);
  });

  it('merge: the old client takes the new key and report, its old tokens stop working, the record goes', async () => {
    const body = registration();
    const old = await register(service, body);
    subjects.add(old.clientId);
    const reinstalled = newClientKey();
    const pending = await registerAs<Answer>(service, { ...body, name: 'reinstalled' }, reinstalled);
    subjects.add(pending.body.clientId!);

    const merged = await call<ClientData>(service, 'POST', `/clients/${pending.body.clientId}/resolution`, { body: { resolution: 'merge' } });

    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ id: old.clientId, name: 'reinstalled', keyGeneration: 1, conflictsWith: null });
    expect((await call(service, 'GET', `/clients/${pending.body.clientId}`)).status).toBe(404);
    expect(await heartbeat(old.clientId, old.token)).toBe(401);
    const afterMerge = await registerAs<Answer>(service, body, reinstalled);
    expect(afterMerge.status).toBe(201);
    expect(afterMerge.body.clientId).toBe(old.clientId);
    expect(await heartbeat(old.clientId, afterMerge.body.token!)).toBe(204);
    expect((await registerAs<Answer>(service, body, old.key)).status).toBe(202);
    await events.waitFor(
      (event) => event.subject === old.clientId && event.type === EventTypes.targeting.clientUpdated && (event.data as ClientData).keyGeneration === 1,
      'the merged client with its new key generation',
    );
    await events.waitFor((event) => event.subject === pending.body.clientId && event.type === EventTypes.targeting.clientDeleted, 'the merged record deleted');
  });

  it('keep: both computers stay as separate clients; refuse: the record is blocked', async () => {
    const body = registration();
    const first = await register(service, body);
    const secondKey = newClientKey();
    const second = await registerAs<Answer>(service, body, secondKey);
    const thirdKey = newClientKey();
    const third = await registerAs<Answer>(service, body, thirdKey);

    for (const headers of [OPERATOR, VIEWER, bearer(first.token)]) {
      expect((await call(service, 'POST', `/clients/${second.body.clientId}/resolution`, { body: { resolution: 'keep' }, headers })).status).toBe(403);
    }
    expect((await call<ClientData>(service, 'GET', `/clients/${second.body.clientId}`)).body.conflictsWith).toBe(first.clientId);
    expect((await call(service, 'POST', `/clients/${second.body.clientId}/resolution`, { body: { resolution: 'keep' } })).body).toMatchObject({ approved: true, conflictsWith: null });
    expect((await call(service, 'POST', `/clients/${third.body.clientId}/resolution`, { body: { resolution: 'refuse' } })).body).toMatchObject({ blocked: true });

    const secondAgain = await registerAs<Answer>(service, body, secondKey);
    expect(secondAgain.status).toBe(201);
    expect(secondAgain.body.clientId).toBe(second.body.clientId);
    const refusedAgain = await registerAs<Answer>(service, body, thirdKey);
    expect(refusedAgain.status).toBe(403);
    expect(refusedAgain.body.code).toBe('CLIENT_BLOCKED');
    expect((await registerAs<Answer>(service, body, first.key)).body.clientId).toBe(first.clientId);
    const notConflicting = await call<Answer>(service, 'POST', `/clients/${first.clientId}/resolution`, { body: { resolution: 'merge' } });
    expect(notConflicting.status).toBe(409);
    expect(notConflicting.body.code).toBe('CLIENT_NOT_CONFLICTING');
    expect((await call(service, 'POST', `/clients/${first.clientId}/resolution`, { body: { resolution: 'adopt' } })).status).toBe(400);
  });

  it('keeps a conflicting registration out of every collection until an administrator keeps it', async () => {
    const batch = `conflict-${Date.now()}`;
    const body = registration({ inventory: { batch } });
    const owner = await register(service, body);
    const collection = await call<{ id: string }>(service, 'POST', '/collections', {
      body: { name: `Conflicts ${batch}`, rules: [{ type: 'query', name: 'batch', expression: `inventory.batch = '${batch}'` }] },
    });
    const claim = await registerAs<Answer>(service, body, newClientKey());
    const members = async (): Promise<string[]> =>
      (await call<{ items: { id: string }[] }>(service, 'GET', `/collections/${collection.body.id}/members?limit=10`)).body.items.map((client) => client.id).sort();

    expect(await members()).toEqual([owner.clientId]);
    // Not by a full evaluation either.
    expect((await call(service, 'POST', `/collections/${collection.body.id}/evaluate`)).status).toBe(200);
    expect(await members()).toEqual([owner.clientId]);

    await call(service, 'POST', `/clients/${claim.body.clientId}/resolution`, { body: { resolution: 'keep' } });
    expect(await members()).toEqual([owner.clientId, claim.body.clientId!].sort());
  });

  it('renews a token on proof of the key, and only on proof of that client key', async () => {
    const client = await register(service);

    const renewed = await call<Answer>(service, 'POST', `/clients/${client.clientId}/token`, { body: (await clientKeyProof(service.url, client.key)).proof, headers: {} });
    expect(renewed.status).toBe(201);
    expect(renewed.body.clientId).toBe(client.clientId);
    expect(Date.parse(renewed.body.expiresAt!)).toBeGreaterThan(Date.now() + 3000_000);
    expect(await heartbeat(client.clientId, renewed.body.token!)).toBe(204);

    const stranger = await call<Answer>(service, 'POST', `/clients/${client.clientId}/token`, { body: (await clientKeyProof(service.url, newClientKey())).proof, headers: {} });
    expect(stranger.status).toBe(401);
    expect(stranger.body.code).toBe('CLIENT_PROOF_INVALID');
    expect(stranger.body.token).toBeUndefined();
    const unknown = await call<Answer>(service, 'POST', `/clients/0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f/token`, { body: (await clientKeyProof(service.url, client.key)).proof, headers: {} });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('CLIENT_KEY_MISSING');
  });

  it('refuses replayed, expired, foreign and mismatched proofs with 401, and malformed keys with 400, writing nothing', async () => {
    const body = registration();
    const key = newClientKey();
    const signed = await withKeyProof(service, body, key);
    const replayedFirst = await call<Answer>(service, 'POST', '/clients/register', { body: signed, headers: {} });
    expect(replayedFirst.status).toBe(201);
    const replayed = await call<Answer>(service, 'POST', '/clients/register', { body: signed, headers: {} });
    expect(replayed.status).toBe(401);
    expect(replayed.body.message).toContain('used already');
    expect(replayed.body.code).toBe('CHALLENGE_ALREADY_USED');

    const fresh = registration();
    const { proof } = await clientKeyProof(service.url, key);
    const otherKey = newClientKey();
    const foreignChallenge = signJws({ nonce: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', iat: 1, exp: 4102444800 }, 'sdp-client-challenge+jwt', generateKeyPairSync('ed25519').privateKey);
    const expiredChallenge = signJws({ nonce: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e70', iat: 1, exp: 2 }, 'sdp-client-challenge+jwt', createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));
    const signChallenge = (challenge: string) => sign(null, clientKeyProofMessage(challenge), key.privateKey).toString('base64url');
    const refusals: [string, Record<string, unknown>, number, string][] = [
      ['a proof by another key', { publicKey: otherKey.publicKey, proof }, 401, 'CLIENT_PROOF_INVALID'],
      ['a challenge of another issuer', { publicKey: key.publicKey, proof: { challenge: foreignChallenge, signature: signChallenge(foreignChallenge) } }, 401, 'CHALLENGE_INVALID'],
      ['an expired challenge', { publicKey: key.publicKey, proof: { challenge: expiredChallenge, signature: signChallenge(expiredChallenge) } }, 401, 'CHALLENGE_EXPIRED'],
      ['a signature of the bare challenge', { publicKey: key.publicKey, proof: { ...proof, signature: sign(null, Buffer.from(proof.challenge), key.privateKey).toString('base64url') } }, 401, 'CLIENT_PROOF_INVALID'],
      ['an RSA key', { publicKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'), proof }, 400, 'VALIDATION_FAILED'],
      ['a 31-byte key', { publicKey: Buffer.alloc(31, 7).toString('base64url'), proof }, 400, 'VALIDATION_FAILED'],
      ['a 33-byte key', { publicKey: Buffer.alloc(33, 7).toString('base64url'), proof }, 400, 'VALIDATION_FAILED'],
      ['a key in PEM', { publicKey: '-----BEGIN PUBLIC KEY-----', proof }, 400, 'VALIDATION_FAILED'],
      ['a key as a number', { publicKey: 42, proof }, 400, 'VALIDATION_FAILED'],
      ['no proof', { publicKey: key.publicKey }, 400, 'VALIDATION_FAILED'],
      ['a short signature', { publicKey: key.publicKey, proof: { ...proof, signature: 'abc' } }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [what, keyFields, status, code] of refusals) {
      const answer = await call<Answer>(service, 'POST', '/clients/register', { body: { ...fresh, ...keyFields }, headers: {} });
      expect({ what, status: answer.status, code: answer.body.code, token: answer.body.token }).toEqual({ what, status, code, token: undefined });
    }
    expect(await clientRows(fresh.hardwareId as string)).toEqual([]);
  });

  it('moves a client registered before keys to a key with its old token, which then stops working', async () => {
    const legacy = await register(service);
    const dataSource = service.app.get(DataSource);
    await dataSource.query('UPDATE client SET public_key = NULL WHERE id = $1', [legacy.clientId]);
    const oldToken = signJws({ sub: legacy.clientId, site: 'S01', iat: Math.floor(Date.now() / 1000) - 86_400 }, 'JWT', createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));
    expect(await heartbeat(legacy.clientId, oldToken)).toBe(401);

    const newKey = newClientKey();
    const foreignToken = new ClientTokenIssuer(createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey)).issue({ clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', siteCode: 'S01' });
    const adoptAs = async (token: string | undefined, key = newKey) =>
      call<Answer>(service, 'PUT', `/clients/${legacy.clientId}/key`, { body: await clientKeyProof(service.url, key), headers: token ? bearer(token) : {} });
    const withoutToken = await adoptAs(undefined);
    expect(withoutToken.status).toBe(401);
    expect(withoutToken.body.code).toBe('CLIENT_TOKEN_REQUIRED');
    const withForeignToken = await adoptAs(foreignToken);
    expect(withForeignToken.status).toBe(403);
    // The foreign token names a client that does not exist, which counts as revoked (deleted).
    expect(withForeignToken.body.code).toBe('CLIENT_BLOCKED');

    const adopted = await adoptAs(oldToken);
    expect(adopted.status).toBe(200);
    expect(await heartbeat(legacy.clientId, adopted.body.token!)).toBe(204);
    expect((await call<ClientData>(service, 'GET', `/clients/${legacy.clientId}`)).body.keyGeneration).toBe(1);
    // The old token can neither be used nor adopt another key now.
    expect((await adoptAs(oldToken, newClientKey())).status).toBe(401);
    const adoptedAgain = await adoptAs(adopted.body.token!, newClientKey());
    expect(adoptedAgain.status).toBe(403);
    expect(adoptedAgain.body.code).toBe('CLIENT_KEY_ALREADY_EXISTS');
    const renewed = await call<Answer>(service, 'POST', `/clients/${legacy.clientId}/token`, { body: (await clientKeyProof(service.url, newKey)).proof, headers: {} });
    expect(renewed.status).toBe(201);
  });

  it('refuses tokens that claim to last longer than any lifetime, and tokens without expiry, with 401', async () => {
    const client = await register(service);
    const privateKey = createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey);
    const now = Math.floor(Date.now() / 1000);
    for (const claims of [
      { sub: client.clientId, site: 'S01', iat: now, exp: now + 10 * 365 * 86_400 },
      { sub: client.clientId, site: 'S01', iat: now },
      { sub: client.clientId, site: 'S01', iat: now, exp: now + 60, gen: -1 },
    ]) {
      expect(await heartbeat(client.clientId, signJws(claims, 'JWT', privateKey))).toBe(401);
    }
  });
});
