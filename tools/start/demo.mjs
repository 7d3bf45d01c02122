// Demo data for `npm start`, loaded once (it looks for what it made before): two DPs on the local
// S3Proxy instances, the demo package from tools/start/demo-package with a program, a query
// collection and a mandatory advertisement. The three demo agents are started by start.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import tarStream from 'tar-stream';

export const DEMO_PACKAGE_FOLDER = join(import.meta.dirname, 'demo-package');
const DEMO_PACKAGE = 'Demo Tool';
const DEMO_COLLECTION = 'Demo: Engineering computers';
const DEMO_ADVERTISEMENT = 'Demo Tool to Engineering';

/** What the three demo agents pose as: two targeted (Engineering), one not (Sales). */
export const DEMO_AGENTS = [
  { name: 'demo-windows', os: { name: 'windows', version: '10.0.22631', arch: 'x64' }, ipAddresses: ['10.1.0.11'], inventory: { department: 'Engineering' } },
  { name: 'demo-linux', os: { name: 'linux', version: '6.8.0', arch: 'x64' }, ipAddresses: ['10.2.0.12'], inventory: { department: 'Engineering' } },
  { name: 'demo-macos', os: { name: 'macos', version: '14.6', arch: 'arm64' }, ipAddresses: ['10.1.0.13'], inventory: { department: 'Sales' } },
];

function client(urls, token) {
  return async function call(method, url, body) {
    const isTar = Buffer.isBuffer(body);
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': isTar ? 'application/x-tar' : 'application/json' }),
      },
      body: body === undefined ? undefined : isTar ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url.replace(/^https?:\/\/[^/]+/, '')} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/**
 * Services learn each other's objects from events, a moment after they are created: a call that
 * names an object another service just made is retried while the answer is 404 or 422.
 */
async function whenKnown(call, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!/answered (404|422)/.test(error.message) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function tarFolder(folder) {
  const archive = tarStream.pack();
  const chunks = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk);
  })();
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
  for (const file of walk(folder).sort()) {
    const content = readFileSync(file);
    await new Promise((resolve, reject) =>
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
 * Creates the demo objects that do not exist yet and returns their IDs. `urls` are the four
 * services' base URLs; `s3` the local S3Proxy settings.
 */
export async function loadDemoData({ urls, token, s3 }) {
  const call = client(urls, token);
  const made = [];

  const dps = (await call('GET', `${urls.replication}/api/v1/distribution-points`)).items ?? [];
  const demoDps = [
    { name: 'demo-dp1', endpoint: s3.dpEndpoints[0], bucket: 'sdp-demo-dp1', boundaries: ['10.1.0.0/16'] },
    { name: 'demo-dp2', endpoint: s3.dpEndpoints[1], bucket: 'sdp-demo-dp2', boundaries: ['10.2.0.0/16'] },
  ];
  for (const dp of demoDps) {
    if (!dps.some((existing) => existing.name === dp.name)) {
      await call('POST', `${urls.replication}/api/v1/distribution-points`, { ...dp, region: s3.region, accessKey: s3.accessKey, secretKey: s3.secretKey });
      made.push(`distribution point ${dp.name}`);
    }
  }

  const packages = (await call('GET', `${urls.catalog}/api/v1/packages?q=${encodeURIComponent(DEMO_PACKAGE)}`)).items ?? [];
  let pkg = packages.find((candidate) => candidate.name === DEMO_PACKAGE);
  if (!pkg) {
    pkg = await call('POST', `${urls.catalog}/api/v1/packages`, { name: DEMO_PACKAGE, version: '1.0', manufacturer: 'SDP demo', priority: 'high' });
    await call('POST', `${urls.catalog}/api/v1/packages/${pkg.id}/programs`, {
      name: 'Install',
      commandLine: 'sh install.sh',
      maxRunTimeMinutes: 5,
      category: 'demo',
    });
    made.push(`package ${pkg.id} with program Install`);
  }
  if (!pkg.sourceVersion) {
    const uploaded = await call('PUT', `${urls.catalog}/api/v1/packages/${pkg.id}/source`, await tarFolder(DEMO_PACKAGE_FOLDER));
    made.push(`source version ${uploaded.version} of ${pkg.id}`);
    await whenKnown(() => call('POST', `${urls.replication}/api/v1/packages/${pkg.id}/distribution-points`, { distributionPoints: demoDps.map((dp) => dp.name) }));
    made.push(`${pkg.id} assigned to ${demoDps.map((dp) => dp.name).join(' and ')}`);
  }

  const collections = (await call('GET', `${urls.targeting}/api/v1/collections?limit=500`)).items ?? [];
  let collection = collections.find((candidate) => candidate.name === DEMO_COLLECTION);
  if (!collection) {
    collection = await call('POST', `${urls.targeting}/api/v1/collections`, {
      name: DEMO_COLLECTION,
      rules: [{ type: 'query', name: 'Engineering', expression: "inventory.department = 'Engineering'" }],
    });
    made.push(`collection ${collection.id}`);
  }

  const advertisements = (await call('GET', `${urls.advertisement}/api/v1/advertisements?limit=500`)).items ?? [];
  let advertisement = advertisements.find((candidate) => candidate.name === DEMO_ADVERTISEMENT);
  if (!advertisement) {
    advertisement = await whenKnown(() =>
      call('POST', `${urls.advertisement}/api/v1/advertisements`, {
        name: DEMO_ADVERTISEMENT,
        packageId: pkg.id,
        program: 'Install',
        collectionId: collection.id,
        mandatory: [{ type: 'asap' }],
        rerun: 'always',
      }),
    );
    made.push(`advertisement ${advertisement.id}`);
  }
  return { packageId: pkg.id, collectionId: collection.id, advertisementId: advertisement.id, made };
}
