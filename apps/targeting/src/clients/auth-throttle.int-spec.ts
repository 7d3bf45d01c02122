import { AUTH_THROTTLE_DEFAULTS, ClientTokenIssuer, DEV_ADMIN_TOKEN, DEV_CLIENT_TOKEN_KEYPAIR } from '@sdp/auth';
import { createPrivateKey } from 'node:crypto';
import { TestService } from '@sdp/testing';
import { request as httpRequest } from 'node:http';
import { register, registration, startTargeting, withKeyProof } from '../test-support/targeting-test';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { statusCode?: number; error?: string; code?: string; message?: string };
}

/** One request from a given loopback address (127.0.0.0/8 needs no setup on Linux). */
function send(service: TestService, from: string, method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const url = new URL(`/api/v1${path}`, service.url);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress: from,
        headers: { ...(payload && { 'content-type': 'application/json' }), ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body: text ? JSON.parse(text) : {} });
        });
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const N = AUTH_THROTTLE_DEFAULTS.failuresPerMinute;

describe('throttling failed credentials per source address (real targeting, default limits)', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTargeting();
  }, 60_000);

  afterAll(async () => {
    await service?.close();
  });

  it(`refuses the ${N + 1}st wrong enrollment secret from one address with 429 while the right one registers from another`, async () => {
    for (let i = 0; i < N; i += 1) {
      const wrong = await send(service, '127.0.0.2', 'POST', '/clients/register', { body: await withKeyProof(service, registration({ enrollmentSecret: `guess-${i}` })) });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('ENROLLMENT_SECRET_INVALID');
    }

    const [wrongBody, rightBody, otherRightBody] = await Promise.all([
      withKeyProof(service, registration({ enrollmentSecret: `guess-${N}` })),
      withKeyProof(service, registration()),
      withKeyProof(service, registration()),
    ]);
    const [refused, rightFromThrottled, rightFromElsewhere] = await Promise.all([
      send(service, '127.0.0.2', 'POST', '/clients/register', { body: wrongBody }),
      send(service, '127.0.0.2', 'POST', '/clients/register', { body: rightBody }),
      send(service, '127.0.0.1', 'POST', '/clients/register', { body: otherRightBody }),
    ]);

    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(59);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'THROTTLED', message: expect.stringContaining('try again in') });
    expect(JSON.stringify(refused.body)).not.toContain(`guess-${N}`);
    expect(rightFromThrottled.status).toBe(429);
    expect(rightFromElsewhere.status).toBe(201);
  });

  it(`refuses the ${N + 1}st wrong admin token from one address with 429 while the right one works from another`, async () => {
    for (let i = 0; i < N; i += 1) {
      expect((await send(service, '127.0.0.3', 'GET', '/clients', { headers: bearer(`guessed-token-${i}`) })).status).toBe(401);
    }

    const [refused, rightFromThrottled, rotatedHeader, rightFromElsewhere] = await Promise.all([
      send(service, '127.0.0.3', 'GET', '/clients', { headers: bearer(`guessed-token-${N}`) }),
      send(service, '127.0.0.3', 'GET', '/clients', { headers: bearer(DEV_ADMIN_TOKEN) }),
      // No trusted proxies are configured, so a caller cannot pose as another address.
      send(service, '127.0.0.3', 'GET', '/clients', { headers: { ...bearer(DEV_ADMIN_TOKEN), 'x-forwarded-for': '198.51.100.77' } }),
      send(service, '127.0.0.1', 'GET', '/clients', { headers: bearer(DEV_ADMIN_TOKEN) }),
    ]);

    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(59);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', code: 'THROTTLED' });
    expect(rightFromThrottled.status).toBe(429);
    expect(rotatedHeader.status).toBe(429);
    expect(rightFromElsewhere.status).toBe(200);

    // An agent behind the same address holds a genuine client token, which no one can guess: it goes on working.
    const agent = await register(service);
    expect((await send(service, '127.0.0.3', 'POST', `/clients/${agent.clientId}/heartbeat`, { headers: bearer(agent.token) })).status).toBe(204);
    expect((await send(service, '127.0.0.3', 'GET', '/clients', { headers: bearer(DEV_ADMIN_TOKEN) })).status).toBe(429);
  });

  it('does not count genuine tokens that expired against their address: a NAT full of agents about to renew is not throttled', async () => {
    const client = await register(service);
    const expired = new ClientTokenIssuer(createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey), () => Date.now() - 7200_000).issue({
      clientId: client.clientId,
      siteCode: 'S01',
      expiresInSeconds: 3600,
    });
    for (let i = 0; i < N + 5; i += 1) {
      expect((await send(service, '127.0.0.4', 'POST', `/clients/${client.clientId}/heartbeat`, { headers: bearer(expired) })).status).toBe(401);
    }
    expect((await send(service, '127.0.0.4', 'POST', `/clients/${client.clientId}/heartbeat`, { headers: bearer(client.token) })).status).toBe(204);
  });
});
