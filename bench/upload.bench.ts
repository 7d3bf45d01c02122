/**
 * Source upload through the catalog's `PUT /api/v1/packages/:id/source` (one large file plus many
 * small ones, as a tar stream generated on the fly) against a plain streaming put of the same
 * bytes to the same S3 bucket with the minio client, same small-file concurrency (8), in the same
 * run. The catalog runs as a child process, built as for production, so its peak RSS (VmHWM) is
 * its own and not that of a TypeScript compiler loading it.
 * Usage: npm run bench -- upload [--big-mib 2048] [--small 5000] [--small-kib 4]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { createMinioClient } from '@sdp/storage';
import { dropDatabase } from '@sdp/persistence';
import { grantTestServiceAcls, pseudoRandomBytes, pseudoRandomStream } from '@sdp/testing';
import { pack } from 'tar-stream';
import { argument, writeResult } from './bench-support';

const MIB = 1024 * 1024;
const bigBytes = argument('big-mib', 2048) * MIB;
const smallCount = argument('small', 5000);
const smallBytes = argument('small-kib', 4) * 1024;
const CONCURRENCY = 8;
const suffix = randomBytes(4).toString('hex');
const bucket = `bench-upload-${suffix}`;
const databaseUrl = `${process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/bench_upload_${suffix}`;
const s3 = { endpoint: process.env.SOURCE_S3_ENDPOINT ?? 'http://127.0.0.1:9000', bucket, accessKey: 'sdp-local', secretKey: 'sdp-local-secret' };
const TOKEN = 'dev-admin-token';

function smallContent(seed: string, index: number): Buffer {
  return pseudoRandomBytes(smallBytes, `${seed}:${index}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('catalog did not become ready');
}

function peakRssBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

async function uploadThroughCatalog(url: string, packageId: string, seed: string): Promise<{ status: number; body: string }> {
  const archive = pack();
  const producing = (async () => {
    await new Promise<void>((resolve, reject) => {
      const sink = archive.entry({ name: 'big.bin', size: bigBytes, mode: 0o644 }, (error) => (error ? reject(error) : resolve()));
      pipeline(pseudoRandomStream(bigBytes, seed), sink).catch(reject);
    });
    for (let index = 0; index < smallCount; index += 1) {
      await new Promise<void>((resolve, reject) =>
        archive.entry({ name: `small/${index}.dat`, mode: 0o644 }, smallContent(seed, index), (error) => (error ? reject(error) : resolve())),
      );
    }
    archive.finalize();
  })();
  const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const call = request(`${url}/api/v1/packages/${packageId}/source`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-tar' },
    });
    call.on('response', (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    call.on('error', reject);
    archive.pipe(call);
  });
  await producing;
  return response;
}

async function rawStreamingPut(seed: string): Promise<void> {
  const client = createMinioClient(s3);
  await client.putObject(bucket, `bench-raw/${seed}/big.bin`, pseudoRandomStream(bigBytes, seed), bigBytes);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let index = next++; index < smallCount; index = next++) {
        await client.putObject(bucket, `bench-raw/${seed}/small/${index}.dat`, smallContent(seed, index), smallBytes);
      }
    }),
  );
}

async function removeBucket(): Promise<void> {
  const client = createMinioClient(s3);
  const keys: string[] = [];
  for await (const item of client.listObjectsV2(bucket, '', true)) if (item.name) keys.push(item.name);
  for (let index = 0; index < keys.length; index += 500) await client.removeObjects(bucket, keys.slice(index, index + 500));
  await client.removeBucket(bucket).catch(() => undefined);
}

async function main(): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const build = spawnSync('node_modules/.bin/nx', ['build', 'catalog', '--output-style=static'], {
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (build.status !== 0) throw new Error('building the catalog failed');
  // The catalog signs in to Kafka as itself: its ACLs for the default topics and groups first.
  await grantTestServiceAcls('catalog', {});
  const catalog = spawn(process.execPath, ['dist/apps/catalog/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, SOURCE_S3_BUCKET: bucket, LOG_LEVEL: 'warn', SITE_CODE: 'B01' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitReady(url);
    const created = await fetch(`${url}/api/v1/packages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'upload bench' }),
    });
    const { id } = (await created.json()) as { id: string };
    const rssBefore = peakRssBytes(catalog.pid!);

    const baselineStart = process.hrtime.bigint();
    await rawStreamingPut(`raw-${suffix}`);
    const baselineSeconds = Number(process.hrtime.bigint() - baselineStart) / 1e9;

    const uploadStart = process.hrtime.bigint();
    const upload = await uploadThroughCatalog(url, id, `cat-${suffix}`);
    const uploadSeconds = Number(process.hrtime.bigint() - uploadStart) / 1e9;
    if (upload.status !== 201) throw new Error(`upload answered ${upload.status}: ${upload.body}`);
    const peakRss = peakRssBytes(catalog.pid!);

    const totalBytes = bigBytes + smallCount * smallBytes;
    const result = {
      bench: 'upload',
      bigFileBytes: bigBytes,
      smallFiles: smallCount,
      smallFileBytes: smallBytes,
      totalBytes,
      endpointSeconds: uploadSeconds,
      endpointMiBPerSecond: totalBytes / MIB / uploadSeconds,
      baselineSeconds,
      baselineMiBPerSecond: totalBytes / MIB / baselineSeconds,
      ratio: baselineSeconds / uploadSeconds,
      catalogPeakRssBytes: peakRss,
      catalogPeakRssBeforeUploadBytes: rssBefore,
      response: JSON.parse(upload.body) as unknown,
      bar: { ratio: 0.7, peakRssBytes: 300 * MIB },
    };
    writeResult(
      'upload',
      result,
      `upload: ${(totalBytes / MIB).toFixed(0)} MiB (1 × ${(bigBytes / MIB).toFixed(0)} MiB + ${smallCount} × ${smallBytes / 1024} KiB) ` +
        `endpoint ${result.endpointMiBPerSecond.toFixed(1)} MiB/s vs raw put ${result.baselineMiBPerSecond.toFixed(1)} MiB/s, ` +
        `ratio ${result.ratio.toFixed(2)} (bar ≥ 0.7), catalog peak RSS ${(peakRss / MIB).toFixed(0)} MiB (bar < 300)`,
    );
  } finally {
    catalog.kill('SIGTERM');
    await new Promise((resolve) => catalog.once('exit', resolve));
    await removeBucket().catch(() => undefined);
    await dropDatabase(databaseUrl).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`upload bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
