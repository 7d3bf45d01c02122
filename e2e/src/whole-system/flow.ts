import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as Minio from 'minio';
import { pack } from 'tar-stream';
import { TestAgent } from '../agent-process';
import { adminApi, ApiError, RunningSystem } from '../system';

/** The steps an administrator takes, as calls to one running system. */
export class AdminFlow {
  readonly api: ReturnType<typeof adminApi>;

  constructor(readonly system: RunningSystem) {
    this.api = adminApi(system);
  }

  async createPackage(name: string, fields: Record<string, unknown> = {}): Promise<string> {
    const created = await this.api.post<{ id: string }>(`${this.system.urls.catalog}/api/v1/packages`, { name, ...fields });
    return created.id;
  }

  async addProgram(packageId: string, program: Record<string, unknown>): Promise<void> {
    await this.api.post(`${this.system.urls.catalog}/api/v1/packages/${packageId}/programs`, program);
  }

  async upload(packageId: string, folder: string, headers?: Record<string, string>): Promise<{ version: number; fileCount: number; newBytes: number }> {
    return this.api.put(`${this.system.urls.catalog}/api/v1/packages/${packageId}/source`, await tarFolder(folder), headers);
  }

  async addDistributionPoint(name: string, index: number, fields: Record<string, unknown> = {}): Promise<void> {
    const { dpEndpoints, s3, runId } = this.system;
    await this.api.post(`${this.system.urls.replication}/api/v1/distribution-points`, {
      name,
      endpoint: dpEndpoints[index],
      bucket: `${runId}-${name}`,
      region: s3.region,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      ...fields,
    });
  }

  async distribute(packageId: string, distributionPoints: string[]): Promise<void> {
    await whenKnown(() => this.api.post(`${this.system.urls.replication}/api/v1/packages/${packageId}/distribution-points`, { distributionPoints }));
  }

  distributionStatus(packageId: string): Promise<{ items?: DistributionRow[] } | DistributionRow[]> {
    return this.api.get(`${this.system.urls.replication}/api/v1/packages/${packageId}/distribution-status`);
  }

  async rows(packageId: string): Promise<DistributionRow[]> {
    const answer = await this.distributionStatus(packageId);
    return Array.isArray(answer) ? answer : (answer.items ?? []);
  }

  /** Waits until every given DP holds `version` of the package. */
  async installed(packageId: string, version: number, distributionPoints: string[], timeoutMs = 90_000): Promise<DistributionRow[]> {
    return waitFor(
      async () => {
        const rows = await this.rows(packageId);
        const done = distributionPoints.every((dp) => rows.some((row) => row.distributionPoint === dp && row.state === 'INSTALLED' && row.installedVersion === version));
        return done ? rows : undefined;
      },
      timeoutMs,
      `${packageId} v${version} INSTALLED on ${distributionPoints.join(', ')}`,
    );
  }

  async queryCollection(name: string, expression: string): Promise<string> {
    const created = await this.api.post<{ id: string }>(`${this.system.urls.targeting}/api/v1/collections`, {
      name,
      rules: [{ type: 'query', name, expression }],
    });
    return created.id;
  }

  /** Waits until targeting lists exactly `count` members of the collection. */
  async waitForMembers(collectionId: string, count: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const members = await this.api.get<{ items: unknown[] }>(`${this.system.urls.targeting}/api/v1/collections/${collectionId}/members?limit=100`);
        return members.items.length === count ? true : undefined;
      },
      timeoutMs,
      `${count} members of collection ${collectionId}`,
    );
  }

  async advertise(fields: Record<string, unknown>): Promise<string> {
    const created = await whenKnown(() => this.api.post<{ id: string }>(`${this.system.urls.advertisement}/api/v1/advertisements`, fields));
    return created.id;
  }

  status(advertisementId: string): Promise<AdvertisementStatus> {
    return this.api.get(`${this.system.urls.advertisement}/api/v1/advertisements/${advertisementId}/status?limit=200`);
  }

  /** The DP's own S3 bucket, to count and tamper with what replication put there. */
  dpBucket(name: string, index: number): { client: Minio.Client; bucket: string } {
    const url = new URL(this.system.dpEndpoints[index]);
    const client = new Minio.Client({
      endPoint: url.hostname,
      port: Number(url.port),
      useSSL: false,
      accessKey: this.system.s3.accessKey,
      secretKey: this.system.s3.secretKey,
      region: this.system.s3.region,
    });
    return { client, bucket: `${this.system.runId}-${name}` };
  }
}

export interface DistributionRow {
  distributionPoint: string;
  state: string;
  installedVersion: number | null;
  desiredVersion: number | null;
  attempts: number;
  lastError: string | null;
}

export interface AdvertisementStatus {
  summary: { targeted: number; accepted: number; waiting: number; running: number; succeeded: number; failed: number; timedOut: number; notReported: number };
  items: { clientId: string; acceptanceState: string | null; deliveryState: string | null; exitCode: number | null; messageId: number | null; timedOut: boolean }[];
}

export async function listObjects(client: Minio.Client, bucket: string, prefix = ''): Promise<string[]> {
  const names: string[] = [];
  for await (const item of client.listObjectsV2(bucket, prefix, true)) {
    if (item.name) names.push(item.name);
  }
  return names.sort();
}

/**
 * Services learn each other's objects from events, a moment after they are created: a call that
 * names an object another service just made is retried while the answer is 404 or 422.
 */
export async function whenKnown<T>(call: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      if ((status !== 404 && status !== 422) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

/** Polls until `probe` gives a value, or fails naming what it waited for. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** A tar of a folder, as `sdp package upload` sends it. */
export async function tarFolder(folder: string): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  for (const file of walk(folder).sort()) {
    const content = readFileSync(file);
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: relative(folder, file).split('\\').join('/'), size: content.length, mode: statSync(file).mode & 0o777 }, content, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  archive.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/**
 * A package folder whose program appends `<marker> <version>` to $RUN_LOG (and ` for <user>` when
 * the agent gives it SDP_USER, runOncePer: user), so a test counts the runs of every agent, and
 * some data files so the content is more than a script.
 */
export function writePackageFolder(folder: string, version: string, options: { marker?: string; exitCode?: number; dataFiles?: number } = {}): void {
  mkdirSync(join(folder, 'data'), { recursive: true });
  const marker = options.marker ?? 'ran';
  writeFileSync(join(folder, 'version.txt'), `${version}\n`);
  writeFileSync(
    join(folder, 'install.sh'),
    `#!/bin/sh\necho "${marker} $(cat version.txt)\${SDP_USER:+ for $SDP_USER}" >> "$RUN_LOG"\nexit ${options.exitCode ?? 0}\n`,
    { mode: 0o755 },
  );
  for (let index = 0; index < (options.dataFiles ?? 5); index++) {
    writeFileSync(join(folder, 'data', `part-${index}.bin`), Buffer.alloc(64 * 1024 + index, index + 1));
  }
}

export function runsOf(agent: TestAgent): string[] {
  try {
    return readFileSync(agent.runLog, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** Runs `once` on every agent, a few at a time so a 2-core machine is not swamped. */
export async function cycle(agents: TestAgent[], parallel = 5): Promise<void> {
  const queue = [...agents];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let agent = queue.shift(); agent; agent = queue.shift()) {
        const run = await agent.once();
        if (run.code !== 0) {
          throw new Error(`agent ${agent.identity.name} --once exited ${run.code}: ${run.stderr.slice(-2000)}`);
        }
      }
    }),
  );
}
