import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { ContentLocation, StatusReport } from '../api/service-client';
import type { AgentSettings } from '../cli/agent-args';
import { clientKeyProofMessage, type PolicyAdvertisement, type PolicyBody } from '@sdp/contracts';
import { aDependency, anAdvertisement, aPackage, aProgram } from '../test-support/policy-fixtures';
import { agentVersion } from '../self-update/agent-version';
import { PendingUpdate } from '../self-update/pending-update';
import { AgentRestartRequested } from '../self-update/self-updater';
import { loadAgentContext } from './agent-context';
import { runCycle } from './agent-cycle';
import type { EventLog } from './event-log';

const CLIENT_ID = '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f';

/** A token shaped like targeting's (the agent reads iat and exp to renew in time); the fake checks it by equality. */
function tokenFor(generation: number, lifetimeSeconds: number): string {
  const iat = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ sub: CLIENT_ID, iat, exp: iat + lifetimeSeconds, n: generation })).toString('base64url');
  return `eyJhbGciOiJFZERTQSJ9.${payload}.sig`;
}

/** The three services' client endpoints, in one local HTTP server the test controls. */
class FakeServices {
  registrations = 0;
  renewals = 0;
  /** How long the tokens it hands out last. */
  tokenLifetimeSeconds = 3600;
  token = '';
  /** The key the agent registered; renewals must be signed by it. */
  publicKey: string | undefined;
  issuedChallenges = 0;
  keyAdoptions = 0;
  inventories = 0;
  /** The body of the last inventory PUT. */
  lastInventory: { inventory: Record<string, unknown> } | undefined;
  ifNoneMatch: (string | undefined)[] = [];
  reports: StatusReport[] = [];
  /** The states of each status request, one list per request. */
  statusRequests: string[][] = [];
  statusAvailable = true;
  policy: PolicyBody = { clientId: CLIENT_ID, advertisements: [], maintenanceWindows: [] };
  /** Served under /dp/<path>; content-locations answers with these, URLs made absolute. */
  files = new Map<string, Buffer>();
  locations: ContentLocation[] = [];
  base = '';
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this.base;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const url = request.url ?? '';
    const json = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (url.startsWith('/dp/')) {
      const file = this.files.get(url.slice('/dp/'.length).split('?')[0]);
      response.writeHead(file ? 200 : 404);
      return void response.end(file);
    }
    if (url === '/api/v1/clients/challenge') {
      this.issuedChallenges += 1;
      return json(200, { challenge: `challenge-${this.issuedChallenges}`, expiresAt: new Date(Date.now() + 120_000).toISOString() });
    }
    if (url === '/api/v1/clients/register') {
      const body = JSON.parse(text) as { publicKey: string; proof: { challenge: string; signature: string } };
      if (!this.signedBy(body.publicKey, body.proof)) return json(401, { message: 'bad proof' });
      this.registrations += 1;
      this.publicKey = body.publicKey;
      this.token = tokenFor(this.registrations + this.renewals, this.tokenLifetimeSeconds);
      return json(201, { clientId: CLIENT_ID, token: this.token });
    }
    if (url === `/api/v1/clients/${CLIENT_ID}/token`) {
      if (!this.publicKey || !this.signedBy(this.publicKey, JSON.parse(text))) return json(401, { message: 'bad proof' });
      this.renewals += 1;
      this.token = tokenFor(this.registrations + this.renewals, this.tokenLifetimeSeconds);
      return json(201, { clientId: CLIENT_ID, token: this.token });
    }
    if (url === `/api/v1/clients/${CLIENT_ID}/key` && request.method === 'PUT') {
      const body = JSON.parse(text) as { publicKey: string; proof: { challenge: string; signature: string } };
      if (request.headers.authorization !== 'Bearer legacy-token' || this.publicKey || !this.signedBy(body.publicKey, body.proof)) return json(403, { message: 'no' });
      this.keyAdoptions += 1;
      this.publicKey = body.publicKey;
      this.token = tokenFor(99, this.tokenLifetimeSeconds);
      return json(200, { clientId: CLIENT_ID, token: this.token });
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) return json(401, { message: 'bad token' });
    if (url.endsWith('/inventory')) {
      this.inventories += 1;
      this.lastInventory = JSON.parse(text) as { inventory: Record<string, unknown> };
      return json(200, {});
    }
    if (url.endsWith('/heartbeat')) return json(204);
    if (url.endsWith('/policy')) {
      const etag = `"${createHash('sha256').update(JSON.stringify(this.policy)).digest('hex')}"`;
      this.ifNoneMatch.push(request.headers['if-none-match']);
      return request.headers['if-none-match'] === etag ? json(304, undefined, { etag }) : json(200, this.policy, { etag });
    }
    if (url.includes('/content-grant?')) {
      const query = new URL(url, 'http://fake').searchParams;
      return json(200, { packageId: query.get('packageId'), version: Number(query.get('version')), grant: `grant-${query.get('packageId')}-${query.get('version')}`, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    }
    if (url.startsWith('/api/v1/content-locations')) {
      // As content-replication: only with the grant the advertisement service made for this version.
      const query = new URL(url, 'http://fake').searchParams;
      if (query.get('grant') !== `grant-${query.get('packageId')}-${query.get('version')}`) return json(403, { message: 'no content grant' });
      return json(200, { locations: this.locations, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    }
    if (url.endsWith('/status')) {
      if (!this.statusAvailable) return json(503, { message: 'down' });
      const batch = JSON.parse(text) as StatusReport[];
      this.reports.push(...batch);
      this.statusRequests.push(batch.map((report) => report.state));
      return json(200, {});
    }
    return json(404, { message: 'unknown' });
  }

  private signedBy(publicKey: string, proof: { challenge: string; signature: string }): boolean {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(null, clientKeyProofMessage(proof.challenge), key, Buffer.from(proof.signature, 'base64url'));
  }
}

describe('agent cycle against fake services', () => {
  let services: FakeServices;
  let dataDir: string;
  let settings: AgentSettings;
  const log: EventLog = { event: () => undefined, error: () => undefined };

  beforeEach(async () => {
    services = new FakeServices();
    const url = await services.start();
    dataDir = await mkdtemp(join(tmpdir(), 'agent-cycle-'));
    settings = {
      targetingUrl: url,
      advertisementUrl: url,
      replicationUrl: url,
      enrollSecret: 'secret',
      dataDir,
      pollSeconds: 3600,
      recheckSeconds: 5,
      once: true,
      inventoryFile: null,
      cacheSizeMb: 10,
      name: 'test-box',
      push: false,
      pushDelayMs: 0,
    };
  });

  afterEach(async () => {
    await services.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A command-only package, so no content download is involved. */
  function commandAd(overrides: Partial<PolicyAdvertisement>, commandLine: string): PolicyAdvertisement {
    return anAdvertisement({ package: aPackage({ hasSource: false }), program: aProgram({ commandLine, retryExitCodes: [75] }), ...overrides });
  }

  async function cycle(poll = true) {
    const context = await loadAgentContext(settings, log);
    await context.session.credentials();
    return runCycle(context, { poll, lastInventoryHash: null });
  }

  const states = () => services.reports.map((report) => `${report.seq}:${report.state}`);

  it('keeps its key private in the data dir and registers it with a signed challenge', async () => {
    await cycle();

    expect((await stat(join(dataDir, 'client-key.pem'))).mode & 0o777).toBe(0o600);
    expect(await readFile(join(dataDir, 'client-key.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(services.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readFile(join(dataDir, 'identity.json'), 'utf8')).not.toContain('PRIVATE');
  });

  it('renews its token with its key before the token ends, and after a 401, without registering again', async () => {
    services.tokenLifetimeSeconds = 5;
    await cycle();
    expect(services.registrations).toBe(1);

    // Less than a fifth of the 5 s lifetime is left after 4.1 s: the next cycle renews first.
    await new Promise((resolve) => setTimeout(resolve, 4100));
    await cycle();
    expect(services.renewals).toBe(1);

    // The service stops taking the token (say, its lifetime was cut): the next call renews once and goes on.
    services.tokenLifetimeSeconds = 3600;
    services.token = 'revoked-elsewhere';
    await cycle();
    expect(services.renewals).toBe(2);
    expect(services.registrations).toBe(1);
  }, 15_000);

  it('registers again with the same key when renewal is refused (the client was deleted)', async () => {
    await cycle();
    const registeredKey = services.publicKey;
    services.publicKey = undefined;
    services.token = 'gone';

    await cycle();

    expect(services.registrations).toBe(2);
    expect(services.publicKey).toBe(registeredKey);
  });

  it('moves an identity from before client keys to a new key with its old token, without registering', async () => {
    await writeFile(join(dataDir, 'identity.json'), JSON.stringify({ clientId: CLIENT_ID, token: 'legacy-token', hardwareId: 'hw-old' }));

    await cycle();

    expect(services.keyAdoptions).toBe(1);
    expect(services.registrations).toBe(0);
    expect(JSON.parse(await readFile(join(dataDir, 'identity.json'), 'utf8'))).toMatchObject({ clientId: CLIENT_ID, token: services.token });
  });

  it('refuses to use a key file that is not an Ed25519 key, without printing it', async () => {
    await writeFile(join(dataDir, 'client-key.pem'), 'not-a-key-secret-text');

    await expect(loadAgentContext(settings, log)).rejects.toThrow(/client-key\.pem is not an Ed25519 private key/);
    await expect(loadAgentContext(settings, log)).rejects.not.toThrow(/secret-text/);
  });

  it('registers once, polls with the ETag, runs an ASAP program once and reports each state with its seq', async () => {
    services.policy.advertisements = [commandAd({}, 'exit 0')];
    await cycle();
    await cycle();

    expect(services.registrations).toBe(1);
    expect((await stat(join(dataDir, 'identity.json'))).mode & 0o777).toBe(0o600);
    expect(services.ifNoneMatch[0]).toBeUndefined();
    expect(services.ifNoneMatch[1]).toMatch(/^"/);
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:SUCCEEDED']);
    // ACCEPTED goes with the report that follows it: one request fewer per advertisement.
    expect(services.statusRequests).toEqual([['ACCEPTED', 'RUNNING'], ['SUCCEEDED']]);
    expect(services.reports[2]).toMatchObject({ advertisementId: 'S0100009', messageId: 10009, exitCode: 0 });
  });

  it('takes a pushed policy without fetching: stores it with its ETag (the next poll names it) and runs it', async () => {
    await cycle();
    const polls = services.ifNoneMatch.length;
    const context = await loadAgentContext(settings, log);
    const pushed = { ...services.policy, advertisements: [commandAd({}, 'exit 0')] };
    await runCycle(context, { poll: false, lastInventoryHash: null, pushed: { etag: '"pushed-1"', body: pushed } });

    expect(services.ifNoneMatch).toHaveLength(polls);
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:SUCCEEDED']);
    expect(JSON.parse(await readFile(join(dataDir, 'policy.json'), 'utf8'))).toMatchObject({ etag: '"pushed-1"', body: pushed });
    await cycle();
    expect(services.ifNoneMatch[services.ifNoneMatch.length - 1]).toBe('"pushed-1"');
  });

  /** Waits until the back-off the last RETRYING report names is over. */
  async function untilNextAttempt() {
    const detail = services.reports[services.reports.length - 1].detail ?? '';
    const at = /next attempt at (\S+)$/.exec(detail)?.[1];
    expect(at).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(at!) - Date.now()) + 20));
  }

  const shortBackoff = { maxAttempts: 3, initialBackoffSeconds: 1, maxBackoffSeconds: 1 };
  /** Exits 75 (a retry code of commandAd's program) on its first two runs, 0 on the third. */
  const failsTwice = 'n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo $n > count; test $n -ge 3 && exit 0; exit 75';

  it('retries a retry exit code after its back-off, on re-checks too, across restarts, and ends SUCCEEDED after two back-offs', async () => {
    services.policy.advertisements = [commandAd({ retry: shortBackoff }, failsTwice)];
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:RETRYING']);
    expect(services.reports[2]).toMatchObject({ exitCode: 75, messageId: 10904, packageVersion: 1, output: { stdout: expect.any(String), stderr: expect.any(String), truncated: false } });
    expect(services.reports[2].detail).toMatch(/^attempt 1 of 3 failed: S0100001:Install exited with 75; next attempt at \S+$/);
    // Each cycle here loads the agent's state from disk, as a restarted agent does: the back-off is kept, not reset.
    await cycle();
    await cycle(false);
    expect(states()).toHaveLength(3);

    await untilNextAttempt();
    await cycle(false);
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:RETRYING', '4:RUNNING', '5:RETRYING']);
    expect(services.reports[4].detail).toMatch(/^attempt 2 of 3 failed: .*; next attempt at /);

    await untilNextAttempt();
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:RETRYING', '4:RUNNING', '5:RETRYING', '6:RUNNING', '7:SUCCEEDED']);
    expect(services.reports[6]).toMatchObject({ exitCode: 0, messageId: 10009 });
  }, 15_000);

  it('fails at once, without a retry, on an exit code that is not a retry code', async () => {
    services.policy.advertisements = [commandAd({ retry: shortBackoff }, 'exit 3')];
    await cycle();
    await new Promise((resolve) => setTimeout(resolve, 1300));
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:FAILED']);
    expect(services.reports[2]).toMatchObject({ exitCode: 3, messageId: 10006, detail: 'S0100001:Install exited with 3' });
  });

  it('ends FAILED once when every attempt fails, and runs again when the administrator retries the failed', async () => {
    const stillBroken = 'test -f fixed && exit 0; exit 75';
    services.policy.advertisements = [commandAd({ retry: { ...shortBackoff, maxAttempts: 2 } }, stillBroken)];
    await cycle();
    await untilNextAttempt();
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:RETRYING', '4:RUNNING', '5:FAILED']);
    expect(services.reports[4]).toMatchObject({ exitCode: 75, messageId: 10006 });
    expect(services.reports[4].detail).toBe('attempt 2 of 2 failed: S0100001:Install exited with 75; no attempt left');

    await writeFile(join(dataDir, 'work', 'S0100001', 'fixed'), '');
    services.policy.advertisements = [commandAd({ retry: { ...shortBackoff, maxAttempts: 2 }, retryGeneration: 1 }, stillBroken)];
    await cycle();
    await cycle();
    expect(states().slice(5)).toEqual(['6:RUNNING', '7:SUCCEEDED']);
  }, 15_000);

  it('runs a new content version again when rerun is always', async () => {
    services.policy.advertisements = [commandAd({ rerun: 'always' }, 'exit 0')];
    await cycle();
    services.policy.advertisements = [commandAd({ rerun: 'always', contentVersion: 2 }, 'exit 0')];
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:SUCCEEDED', '4:RUNNING', '5:SUCCEEDED']);
  });

  it('runs a succeeded advertisement again when the administrator reruns it, whatever the rerun rule; a retry generation alone does not', async () => {
    services.policy.advertisements = [commandAd({ rerun: 'never' }, 'exit 0')];
    await cycle();
    services.policy.advertisements = [commandAd({ rerun: 'never', retryGeneration: 1 }, 'exit 0')];
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:SUCCEEDED']);
    services.policy.advertisements = [commandAd({ rerun: 'never', retryGeneration: 2, rerunGeneration: 2 }, 'echo again; exit 0')];
    await cycle();
    expect(states().slice(3)).toEqual(['4:RUNNING', '5:SUCCEEDED']);
    expect(services.reports[4]).toMatchObject({ messageId: 10009, packageVersion: 1, output: { stdout: 'again\n', stderr: '', truncated: false } });
  });

  it('stops the chain at a failed dependency and reports FAILED naming it', async () => {
    const dependency = { ...aDependency('S0100002', 'Prepare', true), package: aPackage({ id: 'S0100002', hasSource: false }) };
    dependency.program = aProgram({ packageId: 'S0100002', name: 'Prepare', commandLine: 'exit 4' });
    services.policy.advertisements = [commandAd({ dependencies: [dependency] }, 'touch should-not-exist')];
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:FAILED']);
    expect(services.reports[2]).toMatchObject({ exitCode: 4, messageId: 10006, detail: expect.stringContaining('dependency S0100002:Prepare did not succeed') });
    await expect(stat(join(dataDir, 'work', 'S0100001', 'should-not-exist'))).rejects.toThrow();
  });

  it('keeps reports the service did not take and sends them, in seq order, after a restart', async () => {
    services.statusAvailable = false;
    services.policy.advertisements = [commandAd({}, 'exit 0')];
    await cycle();
    expect(services.reports).toEqual([]);
    services.statusAvailable = true;
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:RUNNING', '3:SUCCEEDED']);
  });

  it('waits for content that is not ready and reports it only once', async () => {
    services.policy.advertisements = [anAdvertisement({ contentReady: false })];
    await cycle();
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:WAITING']);
    expect(services.reports[1].detail).toContain('content');
  });

  it('waits for a user to log on (runWhen), reports it once, and runs on a re-check once the inventory file names one', async () => {
    settings.inventoryFile = join(dataDir, 'inventory.json');
    await writeFile(settings.inventoryFile, JSON.stringify({ loggedOnUsers: [] }));
    services.policy.advertisements = [anAdvertisement({ package: aPackage({ hasSource: false }), program: aProgram({ runWhen: 'user-logged-on', commandLine: 'touch ran' }) })];
    await cycle();
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:WAITING']);
    expect(services.reports[1].detail).toBe('run-when: waiting for a user to log on (runWhen: user-logged-on)');
    expect(services.lastInventory?.inventory.loggedOnUsers).toEqual([]);
    await expect(stat(join(dataDir, 'work', 'S0100001', 'ran'))).rejects.toThrow();

    await writeFile(settings.inventoryFile, JSON.stringify({ loggedOnUsers: ['alice'] }));
    await cycle(false);
    expect(states()).toEqual(['1:ACCEPTED', '2:WAITING', '3:RUNNING', '4:SUCCEEDED']);
    await stat(join(dataDir, 'work', 'S0100001', 'ran'));
  });

  it('runs a runOncePer: user program once for each user who logs on, with SDP_USER, and waits (reported once) while nobody is', async () => {
    settings.inventoryFile = join(dataDir, 'inventory.json');
    const logOn = (loggedOnUsers: string[]) => writeFile(settings.inventoryFile!, JSON.stringify({ loggedOnUsers }));
    await logOn([]);
    services.policy.advertisements = [anAdvertisement({ package: aPackage({ hasSource: false }), program: aProgram({ runOncePer: 'user', commandLine: 'echo "$SDP_USER" >> users.txt' }) })];
    await cycle();
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:WAITING']);
    expect(services.reports[1].detail).toBe('run-once-per-user: waiting for a user to log on (runOncePer: user)');

    await logOn(['alice']);
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:WAITING', '3:RUNNING', '4:SUCCEEDED']);
    expect(services.reports[2].detail).toBe('S0100001:Install for user alice');
    expect(services.reports[3].detail).toBe('S0100001:Install exited with 0 for user alice');

    await logOn(['alice', 'bob']);
    await cycle(false);
    await cycle();
    expect(states()).toEqual(['1:ACCEPTED', '2:WAITING', '3:RUNNING', '4:SUCCEEDED', '5:RUNNING', '6:SUCCEEDED']);
    expect(services.reports[4].detail).toBe('S0100001:Install for user bob');
    expect(await readFile(join(dataDir, 'work', 'S0100001', 'users.txt'), 'utf8')).toBe('alice\nbob\n');
  });

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  /** An advertisement of a package with these files on two DPs (the first one's `tampered` file altered). */
  function publish(files: { path: string; bytes: Buffer; mode: number }[], commandLine: string, tampered?: { path: string; bytes: Buffer }): PolicyAdvertisement {
    const manifest = Buffer.from(JSON.stringify({ packageId: 'S0100001', version: 1, files: files.map(({ path, bytes, mode }) => ({ path, size: bytes.length, sha256: sha256(bytes), mode })) }));
    services.locations = ['dp1', 'dp2'].map((dp) => {
      services.files.set(`${dp}/manifest`, manifest);
      for (const file of files) {
        services.files.set(`${dp}/${sha256(file.bytes)}`, dp === 'dp1' && tampered?.path === file.path ? tampered.bytes : file.bytes);
      }
      return {
        distributionPoint: dp,
        local: false,
        protected: false,
        manifestUrl: `${services.base}/dp/${dp}/manifest?X-Amz-Signature=secret`,
        objects: files.map(({ bytes }) => ({ sha256: sha256(bytes), size: bytes.length, url: `${services.base}/dp/${dp}/${sha256(bytes)}` })),
      };
    });
    return anAdvertisement({
      package: aPackage({ sizeBytes: files.reduce((sum, file) => sum + file.bytes.length, 0), manifestDigest: sha256(manifest) }),
      program: aProgram({ commandLine }),
    });
  }

  describe('with content on two distribution points', () => {
    const script = Buffer.from('#!/bin/sh\ncat payload.txt > ../ran.txt\n');
    const payload = Buffer.from('the verified payload\n');
    const installPackage = (corruptOnFirst: boolean) =>
      publish(
        [
          { path: 'install.sh', bytes: script, mode: 0o755 },
          { path: 'payload.txt', bytes: payload, mode: 0o644 },
        ],
        './install.sh',
        corruptOnFirst ? { path: 'payload.txt', bytes: Buffer.from('the tampered payload\n') } : undefined,
      );

    it('reports 10075 for the tampered DP, falls back to the next and runs only verified content', async () => {
      services.policy.advertisements = [installPackage(true)];
      await cycle();
      expect(states()).toEqual(['1:ACCEPTED', '2:DOWNLOAD_IN_PROGRESS', '3:RETRYING', '4:DOWNLOAD_COMPLETE', '5:RUNNING', '6:SUCCEEDED']);
      expect(services.reports[2]).toMatchObject({ messageId: 10075, detail: expect.stringContaining('distribution point dp1') });
      expect(services.reports[2].detail).not.toContain('secret');
      expect(await readFile(join(dataDir, 'cache', 'packages', 'S0100001', 'ran.txt'))).toEqual(payload);
    });

    it('retries content no distribution point delivered after its back-off, as a failed attempt', async () => {
      const advertisement = { ...installPackage(false), retry: shortBackoff };
      const files = new Map(services.files);
      services.files.clear();
      services.policy.advertisements = [advertisement];
      await cycle();
      expect(states()).toEqual(['1:ACCEPTED', '2:DOWNLOAD_IN_PROGRESS', '3:RETRYING']);
      expect(services.reports[2].detail).toMatch(/^attempt 1 of 3 failed: .*; next attempt at /);
      expect(services.reports[2].detail).not.toContain('secret');

      for (const [path, bytes] of files) services.files.set(path, bytes);
      await untilNextAttempt();
      await cycle(false);
      expect(states().slice(3)).toEqual(['4:DOWNLOAD_IN_PROGRESS', '5:DOWNLOAD_COMPLETE', '6:RUNNING', '7:SUCCEEDED']);
    });

    it('fails with 10050 when the package does not fit in the cache', async () => {
      settings.cacheSizeMb = 1;
      const advertisement = installPackage(false);
      services.policy.advertisements = [{ ...advertisement, package: { ...advertisement.package, sizeBytes: 2 * 1024 * 1024 } }];
      await cycle();
      expect(states()).toEqual(['1:ACCEPTED', '2:DOWNLOAD_IN_PROGRESS', '3:FAILED']);
      expect(services.reports[2].messageId).toBe(10050);
    });
  });

  describe('self-update', () => {
    const oldAgent = Buffer.from('#!/bin/sh\necho the old agent\n');
    const newAgent = Buffer.from('#!/bin/sh\n[ "$1" = --version ] && echo 2.0.0 && exit 0\nexit 1\n');
    let binDir: string;
    let installed: string;
    const marker = () => join(dataDir, 'pending-update.json');
    const updatePackage = (bytes = newAgent) => publish([{ path: 'sdp-agent-linux-x64', bytes, mode: 0o755 }], '@sdp-agent-update sdp-agent-linux-x64');

    beforeEach(async () => {
      binDir = await mkdtemp(join(tmpdir(), 'agent-bin-'));
      installed = join(binDir, 'sdp-agent');
      await writeFile(installed, oldAgent, { mode: 0o755 });
      process.env.SDP_AGENT_EXECUTABLE = installed;
    });

    afterEach(async () => {
      delete process.env.SDP_AGENT_EXECUTABLE;
      await rm(binDir, { recursive: true, force: true });
    });

    it('puts the verified new executable in place of its own, keeps the old one beside it and asks for a restart', async () => {
      services.policy.advertisements = [updatePackage()];
      await expect(cycle()).rejects.toEqual(new AgentRestartRequested('2.0.0'));
      expect(await readFile(installed)).toEqual(newAgent);
      expect(await readFile(`${installed}.previous`)).toEqual(oldAgent);
      expect(JSON.parse(await readFile(marker(), 'utf8'))).toMatchObject({ state: 'staged', fromVersion: agentVersion(), toVersion: '2.0.0', executable: installed });
      expect(states()).toEqual(['1:ACCEPTED', '2:DOWNLOAD_IN_PROGRESS', '3:DOWNLOAD_COMPLETE', '4:RUNNING']);
    });

    it('settles the update SUCCEEDED once the new version reports in with its version, without calling the run interrupted', async () => {
      services.policy.advertisements = [updatePackage()];
      await expect(cycle()).rejects.toBeInstanceOf(AgentRestartRequested);
      // The agent that starts next is the staged version (here: the version of the code under test).
      const staged = JSON.parse(await readFile(marker(), 'utf8')) as PendingUpdate;
      await writeFile(marker(), JSON.stringify({ ...staged, fromVersion: '1.0.0', toVersion: agentVersion() }));
      await cycle();
      expect(states()).toEqual(['1:ACCEPTED', '2:DOWNLOAD_IN_PROGRESS', '3:DOWNLOAD_COMPLETE', '4:RUNNING', '5:SUCCEEDED']);
      expect(services.reports[4]).toMatchObject({ exitCode: 0, detail: `agent updated from 1.0.0 to ${agentVersion()}` });
      expect(services.lastInventory?.inventory.agentVersion).toBe(agentVersion());
      await expect(stat(marker())).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('reports FAILED with the reason when the supervisor rolled the update back', async () => {
      services.policy.advertisements = [updatePackage()];
      await expect(cycle()).rejects.toBeInstanceOf(AgentRestartRequested);
      const staged = JSON.parse(await readFile(marker(), 'utf8')) as PendingUpdate;
      await writeFile(marker(), JSON.stringify({ ...staged, state: 'rolled-back', reason: 'it exited with code 1 before reporting in' }));
      await cycle();
      expect(states()).toEqual(['1:ACCEPTED', '2:DOWNLOAD_IN_PROGRESS', '3:DOWNLOAD_COMPLETE', '4:RUNNING', '5:FAILED']);
      expect(services.reports[4].detail).toBe(`agent update to 2.0.0 failed, version ${agentVersion()} runs: it exited with code 1 before reporting in`);
      await expect(stat(marker())).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('never runs or stages an update whose executable fails verification on every distribution point', async () => {
      const evidence = join(binDir, 'tampered-ran');
      services.policy.advertisements = [updatePackage()];
      const tampered = Buffer.from(`#!/bin/sh\ntouch ${evidence}\necho 6.6.6\n`);
      for (const dp of ['dp1', 'dp2']) services.files.set(`${dp}/${sha256(newAgent)}`, tampered);
      await cycle();
      expect(services.reports.some((report) => report.messageId === 10075)).toBe(true);
      expect(services.reports.map((report) => report.state)).not.toContain('RUNNING');
      expect(await readFile(installed)).toEqual(oldAgent);
      await expect(stat(evidence)).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(stat(marker())).rejects.toMatchObject({ code: 'ENOENT' });
    });

    it('refuses, and leaves its executable alone, when the update does not answer --version or the agent is not supervised', async () => {
      services.policy.advertisements = [updatePackage(Buffer.from('#!/bin/sh\nexit 3\n'))];
      await cycle();
      expect(services.reports.at(-1)).toMatchObject({ state: 'FAILED', detail: expect.stringContaining('does not run on this computer: --version') });
      delete process.env.SDP_AGENT_EXECUTABLE;
      services.policy.advertisements = [{ ...updatePackage(), advertisementId: 'S0120002' }];
      await cycle();
      expect(services.reports.at(-1)).toMatchObject({ state: 'FAILED', detail: expect.stringContaining('needs the agent to run as its installed service') });
      expect(await readFile(installed)).toEqual(oldAgent);
      await expect(stat(marker())).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
