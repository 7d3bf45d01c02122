import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findComposeProblems, isPinnedImage, loadComposeFile, type ComposeExpectations, type ExpectedService } from './compose-checks';
import { createComposeSchemaValidator } from './compose-schema';
import { effectiveStage, findDockerfileProblems, parseDockerfile, type ExpectedImage } from './dockerfile';

const repositoryRoot = join(__dirname, '..', '..');

// Ports from architecture.md, databases from its "Data" section.
const services: Record<string, ExpectedService> = {
  catalog: { port: 3001, database: 'sdp_catalog' },
  'content-replication': { port: 3002, database: 'sdp_replication' },
  targeting: { port: 3003, database: 'sdp_targeting' },
  advertisement: { port: 3004, database: 'sdp_advertisement' },
};
const images: ExpectedImage[] = Object.entries(services).map(([app, { port }]) => ({ app, port }));

const dockerfileText = readFileSync(join(repositoryRoot, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfileText);
const expectations: ComposeExpectations = {
  appsDir: join(repositoryRoot, 'apps'),
  dockerfileStages: new Set(stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name]))),
  services,
};

type Mutable = Record<string, Record<string, Record<string, unknown>>>;

/** A deep copy of the real compose file to break on purpose. */
function composeCopy(): Mutable {
  return structuredClone(loadComposeFile(join(repositoryRoot, 'docker-compose.yml'))) as Mutable;
}

describe('docker-compose.yml', () => {
  const validate = createComposeSchemaValidator();

  it('is valid against the Compose Specification schema', () => {
    expect(validate(composeCopy())).toEqual([]);
  });

  it('runs the infrastructure and the four services', () => {
    expect(Object.keys(composeCopy().services).sort()).toEqual(
      [
        'advertisement',
        'catalog',
        'content-replication',
        'kafka',
        'minio-dp1',
        'minio-dp2',
        'minio-init',
        'minio-source',
        'postgres',
        'targeting',
      ].sort(),
    );
  });

  it('has sound references, pinned images and the documented ports, databases and probes', () => {
    expect(findComposeProblems(composeCopy(), expectations)).toEqual([]);
  });

  it('keeps the services out of production mode, which refuses the local defaults', () => {
    for (const name of Object.keys(services)) {
      expect(composeCopy().services[name]['environment']).toMatchObject({ NODE_ENV: 'development' });
    }
  });
});

describe('the compose schema validator', () => {
  const validate = createComposeSchemaValidator();

  it('rejects a wrongly typed value', () => {
    expect(validate({ services: { x: { image: 1 } } })).toEqual([expect.stringContaining('/services/x/image must be string')]);
  });

  it('rejects an unknown service key, a bad duration and a bad port', () => {
    const broken = composeCopy();
    broken.services.kafka['restart_policy'] = 'always';
    (broken.services.postgres['healthcheck'] as Record<string, unknown>)['interval'] = 'soon';
    broken.services.catalog['ports'] = ['3001:3001:tcp'];
    const errors = validate(broken).join('\n');
    expect(errors).toContain('/services/kafka must NOT have additional properties');
    expect(errors).toContain('/services/postgres/healthcheck/interval must match format "duration"');
    expect(errors).toContain('/services/catalog/ports/0');
  });

  it('rejects a healthcheck test that YAML turned into a mapping', () => {
    const broken = composeCopy();
    (broken.services.catalog['healthcheck'] as Record<string, unknown>)['test'] = ['CMD', { 'exit(r.ok ? 0': '1)' }];
    expect(validate(broken).join('\n')).toContain('/services/catalog/healthcheck/test');
  });
});

describe('the compose checks', () => {
  it('find a dependency on a missing service', () => {
    const broken = composeCopy();
    delete broken.services['minio-init'];
    expect(findComposeProblems(broken, expectations)).toEqual(
      expect.arrayContaining([
        'catalog: depends on minio-init, which is not a service',
        'content-replication: depends on minio-init, which is not a service',
      ]),
    );
  });

  it('find a wait for health on a service without a healthcheck', () => {
    const broken = composeCopy();
    delete broken.services.postgres['healthcheck'];
    expect(findComposeProblems(broken, expectations)).toContain(
      'targeting: waits for postgres to be healthy, but postgres has no healthcheck',
    );
  });

  it('find unpinned images', () => {
    const broken = composeCopy();
    broken.services.kafka['image'] = 'apache/kafka:latest';
    broken.services.postgres['image'] = 'postgres';
    expect(findComposeProblems(broken, expectations)).toEqual(
      expect.arrayContaining([
        'kafka: image apache/kafka:latest is not pinned to a tag other than latest or a digest',
        'postgres: image postgres is not pinned to a tag other than latest or a digest',
      ]),
    );
  });

  it('tell a pinned image reference from an unpinned one', () => {
    expect(isPinnedImage('minio/minio:RELEASE.2025-04-22T22-12-26Z')).toBe(true);
    expect(isPinnedImage('registry.local:5000/postgres@sha256:0123abcd')).toBe(true);
    expect(isPinnedImage('registry.local:5000/postgres')).toBe(false);
    expect(isPinnedImage('postgres:latest')).toBe(false);
  });

  it('find a build that names no existing app', () => {
    const emptyApps = mkdtempSync(join(tmpdir(), 'sdp-compose-apps-'));
    try {
      const broken = composeCopy();
      (broken.services.targeting['build'] as Record<string, unknown>)['target'] = 'targetting';
      const problems = findComposeProblems(broken, { ...expectations, appsDir: emptyApps });
      expect(problems).toContain(`catalog: build target catalog is not an app folder under ${emptyApps}`);
      expect(problems).toContain('targeting: build target targetting is not a stage of the Dockerfile');
    } finally {
      rmSync(emptyApps, { recursive: true, force: true });
    }
  });

  it('find a wrong port, a missing healthcheck and missing settings', () => {
    const broken = composeCopy();
    broken.services.advertisement['ports'] = ['3005:3004'];
    delete broken.services.catalog['healthcheck'];
    const environment = broken.services.targeting['environment'] as Record<string, unknown>;
    delete environment['KAFKA_BROKERS'];
    environment['DATABASE_URL'] = 'postgres://postgres@postgres:5432/sdp_catalog';
    expect(findComposeProblems(broken, expectations)).toEqual(
      expect.arrayContaining([
        'advertisement: no port mapping 3004:3004',
        'catalog: no healthcheck probing /health/',
        'targeting: KAFKA_BROKERS is not set',
        'targeting: DATABASE_URL does not name database sdp_targeting',
      ]),
    );
  });

  it('find an obsolete version key and an undeclared volume', () => {
    const broken = composeCopy();
    Object.assign(broken, { version: '3.8' });
    delete broken['volumes']['kafka-data'];
    expect(findComposeProblems(broken, expectations)).toEqual(
      expect.arrayContaining([
        '(root): the obsolete top-level version key is present',
        'kafka: uses volume kafka-data, which is not declared',
      ]),
    );
  });
});

describe('Dockerfile', () => {
  it('is multi-stage and builds each service into a non-root image with a healthcheck and tini', () => {
    expect(stages.length).toBeGreaterThan(images.length);
    expect(findDockerfileProblems(stages, images)).toEqual([]);
  });

  it('installs only production dependencies in the runtime image', () => {
    expect(dockerfileText).toMatch(/npm ci --omit=dev/);
  });

  it('reports a single-stage, root image without healthcheck or init', () => {
    const single = parseDockerfile(['FROM node:20-bookworm-slim', 'COPY dist/apps/catalog .', 'CMD ["node", "main.js"]'].join('\n'));
    expect(findDockerfileProblems(single, [{ app: 'catalog', port: 3001 }])).toEqual([
      '(file): not a multi-stage build with every stage named (FROM ... AS name)',
      'catalog: no stage named catalog',
    ]);
  });

  it('reports a stage that runs as root, has no healthcheck, no init and the wrong port', () => {
    const broken = dockerfileText
      .replace(/^USER node$/m, 'USER root')
      .replace(/^HEALTHCHECK [\s\S]*?\n(?=ENTRYPOINT)/m, '')
      .replace(/^ENTRYPOINT .*$/m, '')
      .replace('EXPOSE 3003', 'EXPOSE 3030');
    expect(broken).not.toEqual(dockerfileText);
    expect(findDockerfileProblems(parseDockerfile(broken), images)).toEqual(
      expect.arrayContaining([
        'catalog: runs as root (no non-root USER)',
        'catalog: no HEALTHCHECK',
        'catalog: no init process (tini or dumb-init) as ENTRYPOINT',
        'targeting: does not set PORT=3003 and EXPOSE 3003',
      ]),
    );
  });

  it('reports an image that copies another app or copies from a stage that does not build it', () => {
    const broken = dockerfileText
      .replace('--from=catalog-build /workspace/dist/apps/catalog', '--from=targeting-build /workspace/dist/apps/targeting')
      .replace('RUN npx nx build advertisement', 'RUN npx nx build catalog');
    expect(findDockerfileProblems(parseDockerfile(broken), images)).toEqual([
      'catalog: does not copy dist/apps/catalog from a stage that runs nx build catalog',
      'advertisement: does not copy dist/apps/advertisement from a stage that runs nx build advertisement',
    ]);
  });

  it('reads continuation lines and inherited settings through the FROM chain', () => {
    const parsed = parseDockerfile(
      ['FROM node:20 AS base', 'ENV A=1 \\', '    B="two words"', 'USER node', 'FROM base AS child', 'EXPOSE 80'].join('\n'),
    );
    expect(parsed.map((stage) => [stage.name, stage.base])).toEqual([
      ['base', 'node:20'],
      ['child', 'base'],
    ]);
    expect(parsed[0].instructions[0]).toEqual({ keyword: 'ENV', args: 'A=1 B="two words"' });
    const child = effectiveStage(parsed, 'child');
    expect(child?.user).toBe('node');
    expect(child?.env.get('B')).toBe('two words');
    expect(child?.exposed).toEqual(['80']);
  });
});
