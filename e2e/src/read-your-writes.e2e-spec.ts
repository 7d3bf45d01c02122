import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSdp } from './cli/run-sdp';
import { RunningSystem, startSystem } from './system';
import { registeredClient } from '@sdp/testing';

const HEADER = 'sdp-consistency';
const TIMES = 20;

interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * An admin's client that passes the Sdp-Consistency tokens of its write answers along with its
 * next requests, as the CLI and the console do. Every answer is kept, so a failure names it.
 */
class TokenPassingClient {
  private tokens: string[] = [];

  constructor(private readonly token: string) {}

  async send<T = unknown>(method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, ...extraHeaders };
    if (this.tokens.length > 0 && !(HEADER in extraHeaders)) headers[HEADER] = this.tokens.join(',');
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const token = response.headers.get(HEADER);
    if (token) this.tokens = [...this.tokens, ...token.split(',')].slice(-200);
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  /** A call that must succeed the first time. */
  async ok<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
    const answer = await this.send<T>(method, url, body);
    if (answer.status >= 400) throw new Error(`${method} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}

describe('read your writes across services', () => {
  let system: RunningSystem;
  let api: TokenPassingClient;
  let dpName: string;
  let collectionId: string;
  let packageWithProgram: string;

  const catalog = (path: string) => `${system.urls.catalog}/api/v1${path}`;
  const replication = (path: string) => `${system.urls.replication}/api/v1${path}`;
  const targeting = (path: string) => `${system.urls.targeting}/api/v1${path}`;
  const advertisement = (path: string) => `${system.urls.advertisement}/api/v1${path}`;

  const createPackage = async (name: string) => (await api.ok<{ id: string }>('POST', catalog('/packages'), { name })).id;
  const addProgram = (packageId: string) => api.ok('POST', catalog(`/packages/${packageId}/programs`), { name: 'Install', commandLine: 'sh install.sh' });
  const createCollection = async (name: string) =>
    (await api.ok<{ id: string }>('POST', targeting('/collections'), { name, rules: [{ type: 'query', name: 'q', expression: "os.name = 'linux'" }] })).id;
  const registerDp = (name: string, bucketIndex: number) =>
    api.ok('POST', replication('/distribution-points'), {
      name,
      endpoint: system.dpEndpoints[bucketIndex % system.dpEndpoints.length],
      bucket: `${system.runId}-${name}`.toLowerCase(),
      region: system.s3.region,
      accessKey: system.s3.accessKey,
      secretKey: system.s3.secretKey,
    });

  beforeAll(async () => {
    system = await startSystem();
    api = new TokenPassingClient(system.adminToken);
    dpName = 'ryw-dp';
    await registerDp(dpName, 0);
    collectionId = await createCollection(`ryw fixed ${system.runId}`);
    packageWithProgram = await createPackage(`ryw fixed ${system.runId}`);
    await addProgram(packageWithProgram);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('names the events of a write in its answer', async () => {
    const created = await api.send<{ id: string }>('POST', catalog('/packages'), { name: `ryw token ${system.runId}` });
    expect(created.status).toBe(201);
    expect(created.headers.get(HEADER)).toBe(`sdp.catalog.packages.v1~${created.body.id}~1`);
    const read = await api.send('GET', catalog(`/packages/${created.body.id}`));
    expect(read.headers.get(HEADER)).toBeNull();
  });

  it(`package then DP assignment, ${TIMES} times back to back`, async () => {
    for (let index = 0; index < TIMES; index += 1) {
      const packageId = await createPackage(`ryw assign ${index} ${system.runId}`);
      await api.ok('POST', replication(`/packages/${packageId}/distribution-points`), { distributionPoints: [dpName] });
    }
  });

  it(`package and program then advertisement, ${TIMES} times back to back`, async () => {
    for (let index = 0; index < TIMES; index += 1) {
      const packageId = await createPackage(`ryw advertise ${index} ${system.runId}`);
      await addProgram(packageId);
      await api.ok('POST', advertisement('/advertisements'), { name: `ryw ${index}`, packageId, program: 'Install', collectionId });
    }
  });

  it(`collection then advertisement, ${TIMES} times back to back`, async () => {
    for (let index = 0; index < TIMES; index += 1) {
      const collection = await createCollection(`ryw collection ${index} ${system.runId}`);
      await api.ok('POST', advertisement('/advertisements'), { name: `ryw c${index}`, packageId: packageWithProgram, program: 'Install', collectionId: collection });
    }
  });

  it(`DP then assignment (one service), ${TIMES} times back to back`, async () => {
    for (let index = 0; index < TIMES; index += 1) {
      const name = `ryw-dp-${index}`;
      await registerDp(name, index);
      await api.ok('POST', replication(`/packages/${packageWithProgram}/distribution-points`), { distributionPoints: [name] });
    }
  });

  it(`client registration then direct membership (one service), ${TIMES} times back to back`, async () => {
    for (let index = 0; index < TIMES; index += 1) {
      const { clientId } = await registeredClient(system.urls.targeting, {
        enrollmentSecret: system.enrollmentSecret,
        name: `${system.runId}-ryw-${index}`,
        hardwareId: `${system.runId}-ryw-hw-${index}`,
        os: { name: 'linux', version: '6.8', arch: 'x64' },
        ipAddresses: ['10.1.2.3'],
        inventory: {},
      });
      await api.ok('POST', targeting('/collections'), { name: `ryw direct ${index} ${system.runId}`, rules: [{ type: 'direct', clientId }] });
    }
  });

  it(`a package created in catalog is readable at content-replication at once, ${TIMES} times back to back`, async () => {
    for (let index = 0; index < TIMES; index += 1) {
      const packageId = await createPackage(`ryw read ${index} ${system.runId}`);
      expect(await api.ok('GET', replication(`/packages/${packageId}/distribution-status`))).toEqual({ packageId, items: [] });
    }
  });

  it('says an object of another service may not be known yet, with Retry-After', async () => {
    const unknownPackage = `${system.siteCode}FFFFF`;
    const refused = await api.send<{ message: string; details: { field: string }[] }>('POST', advertisement('/advertisements'), {
      name: 'ryw unknown',
      packageId: unknownPackage,
      program: 'Install',
      collectionId,
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.message).toMatch(new RegExp(`^packageId: package ${unknownPackage} is not known here \\(yet\\)`));
    expect(refused.body.details[0].field).toBe('packageId');

    const unknownCollection = await api.send<{ message: string }>('POST', advertisement('/advertisements'), {
      name: 'ryw unknown',
      packageId: packageWithProgram,
      program: 'Install',
      collectionId: `${system.siteCode}FFFFF`,
    });
    expect(unknownCollection.status).toBe(422);
    expect(unknownCollection.headers.get('retry-after')).toBe('1');
    expect(unknownCollection.body.message).toMatch(/^collectionId: collection \S+ is not known here \(yet\)/);

    const notFound = await api.send<{ message: string }>('POST', replication(`/packages/${unknownPackage}/distribution-points`), { distributionPoints: [dpName] });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('retry-after')).toBe('1');
    expect(notFound.body.message).toMatch(/is not known here \(yet\)/);
  });

  it('answers a malformed token with 400 on every service', async () => {
    for (const url of [catalog('/packages'), replication('/distribution-points'), targeting('/collections'), advertisement('/advertisements')]) {
      const answer = await api.send<{ message: string }>('GET', url, undefined, { [HEADER]: 'sdp.catalog.packages.v1~S0100001' });
      expect({ url, status: answer.status, message: answer.body.message }).toEqual({
        url,
        status: 400,
        message: 'Sdp-Consistency header: item 1 is not topic~subject~sequence',
      });
    }
  });

  it('goes on after the bounded wait for an event that never comes, and ignores topics it does not consume', async () => {
    const started = Date.now();
    const waited = await api.send('GET', advertisement('/advertisements?limit=1'), undefined, { [HEADER]: 'sdp.catalog.packages.v1~NEVER~1' });
    const elapsed = Date.now() - started;
    expect(waited.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(4_900);
    expect(elapsed).toBeLessThan(15_000);

    const notConsumed = Date.now();
    const answer = await api.send('GET', catalog('/packages?limit=1'), undefined, { [HEADER]: 'sdp.replication.distribution-points.v1~NEVER~1' });
    expect(answer.status).toBe(200);
    expect(Date.now() - notConsumed).toBeLessThan(2_000);
  });

  it('works through the built sdp, one invocation per step, without the caller handling tokens', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'sdp-ryw-'));
    const env = {
      SDP_CATALOG_URL: system.urls.catalog,
      SDP_REPLICATION_URL: system.urls.replication,
      SDP_TARGETING_URL: system.urls.targeting,
      SDP_ADVERTISEMENT_URL: system.urls.advertisement,
      SDP_TOKEN: system.adminToken,
      SDP_CONFIG: join(configDir, 'config.json'),
    };
    const sdp = async <T>(...args: string[]): Promise<T> => {
      const run = await runSdp([...args, '--json'], env);
      if (run.code !== 0) throw new Error(`sdp ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
      return JSON.parse(run.stdout) as T;
    };
    try {
      for (let index = 0; index < 3; index += 1) {
        const pkg = await sdp<{ id: string }>('package', 'create', '--name', `ryw cli ${index} ${system.runId}`);
        await sdp('program', 'add', pkg.id, '--name', 'Install', '--command', 'sh install.sh');
        const collection = await sdp<{ id: string }>('collection', 'create', '--name', `ryw cli ${index} ${system.runId}`, '--query', "os.name = 'linux'");
        const advertised = await sdp<{ packageId: string }>(
          'advertise', '--name', `ryw cli ${index}`, '--package', pkg.id, '--program', 'Install', '--collection', collection.id,
        );
        expect(advertised.packageId).toBe(pkg.id);
        await sdp('package', 'distribute', pkg.id, '--dp', dpName);
      }
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});
