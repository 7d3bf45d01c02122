import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_KAFKA_USERS } from '@sdp/config';
import {
  brokerSecurityProblems,
  environmentOf,
  findComposeProblems,
  isPinnedImage,
  loadComposeFile,
  parseProperties,
  type ComposeExpectations,
  type ExpectedService,
} from './compose-checks';
import { createComposeSchemaValidator } from './compose-schema';
import { effectiveStage, findDockerfileProblems, parseDockerfile, type ExpectedImage } from './dockerfile';

const repositoryRoot = join(__dirname, '..', '..');

// Ports from architecture.md, databases from its "Data" section.
// Kafka principals: the local development users of libs/config, one per service.
const services: Record<string, ExpectedService> = {
  catalog: { port: 3001, database: 'sdp_catalog', kafkaUser: DEV_KAFKA_USERS.catalog },
  'content-replication': { port: 3002, database: 'sdp_replication', kafkaUser: DEV_KAFKA_USERS['content-replication'] },
  targeting: { port: 3003, database: 'sdp_targeting', kafkaUser: DEV_KAFKA_USERS.targeting },
  advertisement: { port: 3004, database: 'sdp_advertisement', kafkaUser: DEV_KAFKA_USERS.advertisement },
  metering: { port: 3005, database: 'sdp_metering', kafkaUser: DEV_KAFKA_USERS.metering },
};
const KAFKA_CONFIG = join(repositoryRoot, 'deploy', 'compose', 'kafka', 'server.properties');
const CONSOLE_PORT = 3000;
const DEMO_AGENTS = ['demo-agent-windows', 'demo-agent-linux', 'demo-agent-macos'];
const images: ExpectedImage[] = [
  ...Object.entries(services).map(([app, { port }]): ExpectedImage => ({ app, port, dependencies: 'workspace' })),
  { app: 'console', port: CONSOLE_PORT, dependencies: 'none' },
  { app: 'agent', dependencies: 'none', volume: '/var/lib/sdp-agent', programEntrypoint: true },
  { app: 'cli', dependencies: 'generated', programEntrypoint: true },
];

const dockerfileText = readFileSync(join(repositoryRoot, 'Dockerfile'), 'utf8');
const stages = parseDockerfile(dockerfileText);
const expectations: ComposeExpectations = {
  projectDir: repositoryRoot,
  appsDir: join(repositoryRoot, 'apps'),
  dockerfileStages: new Set(stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name]))),
  toolStages: new Set(['workspace']),
  services: { ...services, console: { port: CONSOLE_PORT } },
  waitsForHealthy: {
    console: Object.keys(services),
    'demo-data': [...Object.keys(services), 'minio-dp1', 'minio-dp2'],
    ...Object.fromEntries(DEMO_AGENTS.map((agent) => [agent, ['content-replication', 'targeting', 'advertisement']])),
  },
  waitsForCompletion: Object.fromEntries(Object.keys(services).map((name) => [name, ['kafka-init']])),
  profiles: { demo: [...DEMO_AGENTS, 'demo-data'] },
  kafka: {
    service: 'kafka',
    users: Object.values(DEV_KAFKA_USERS),
    // The admin (kafka-init) and the broker's own controller user, as in tools/stack.
    superUsers: [`User:${DEV_KAFKA_USERS.admin.username}`, 'User:sdp-controller'],
  },
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

  it('runs the infrastructure, the five services, the console and, under the demo profile, the demo', () => {
    expect(Object.keys(composeCopy().services).sort()).toEqual(
      [
        'advertisement',
        'catalog',
        'console',
        'content-replication',
        'demo-agent-linux',
        'demo-agent-macos',
        'demo-agent-windows',
        'demo-data',
        'kafka',
        'kafka-init',
        'metering',
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

  it('grants the ACLs and creates the topics with the script `npm start` runs, as the admin, before the services start', () => {
    const job = composeCopy().services['kafka-init'];
    expect(job['build']).toMatchObject({ target: 'workspace' });
    expect(job['restart']).toBe('no');
    expect(job['command']).toEqual(expect.arrayContaining(['tools/start/prepare-kafka.ts']));
    expect(job['depends_on']).toEqual({ kafka: { condition: 'service_healthy' } });
    // prepare-kafka.ts reads the brokers from KAFKA_BROKERS, as the services do.
    for (const name of Object.keys(services)) {
      expect(environmentOf(job).get('KAFKA_BROKERS')).toBe(environmentOf(composeCopy().services[name]).get('KAFKA_BROKERS'));
    }
  });

  it('points the console, the demo agents and the demo data job at the services on the compose network', () => {
    const compose = composeCopy();
    expect(compose.services.console['environment']).toMatchObject({
      CATALOG_URL: 'http://catalog:3001',
      REPLICATION_URL: 'http://content-replication:3002',
      TARGETING_URL: 'http://targeting:3003',
      ADVERTISEMENT_URL: 'http://advertisement:3004',
      METERING_URL: 'http://metering:3005',
    });
    const agentUrls = {
      SDP_TARGETING_URL: 'http://targeting:3003',
      SDP_ADVERTISEMENT_URL: 'http://advertisement:3004',
      SDP_REPLICATION_URL: 'http://content-replication:3002',
    };
    for (const agent of DEMO_AGENTS) expect(compose.services[agent]['environment']).toMatchObject(agentUrls);
    expect(compose.services['demo-data']['environment']).toMatchObject({ ...agentUrls, SDP_CATALOG_URL: 'http://catalog:3001' });
  });

  it('enrolls the demo agents with the secret targeting accepts, each with its own data volume', () => {
    const compose = composeCopy();
    const secret = environmentOf(compose.services.targeting).get('SDP_ENROLLMENT_SECRET');
    expect(secret).toBeTruthy();
    const dataVolumes = DEMO_AGENTS.map((agent) => {
      const service = compose.services[agent];
      expect(service['build']).toMatchObject({ target: 'agent' });
      expect(environmentOf(service).get('SDP_AGENT_ENROLL_SECRET')).toBe(secret);
      return (service['volumes'] as string[]).find((volume) => volume.endsWith(':/var/lib/sdp-agent'));
    });
    expect(new Set(dataVolumes).size).toBe(DEMO_AGENTS.length);
    expect(dataVolumes).not.toContain(undefined);
  });

  it('gives the demo agents three different inventories: a Windows, a Linux and a macOS computer', () => {
    const compose = composeCopy();
    const inventories = DEMO_AGENTS.map((agent) => {
      const service = compose.services[agent];
      const inventoryPath = environmentOf(service).get('SDP_AGENT_INVENTORY_FILE');
      const mount = (service['volumes'] as string[]).find((volume) => volume.split(':')[1] === inventoryPath);
      expect({ agent, mount }).toEqual({ agent, mount: expect.stringMatching(/^\.\/deploy\/compose\/demo-agents\/.+\.json:/) });
      return JSON.parse(readFileSync(join(repositoryRoot, String(mount).split(':')[0]), 'utf8')) as {
        name: string;
        hardwareId: string;
        os: { name: string };
      };
    });
    expect(inventories.map((inventory) => inventory.os.name).sort()).toEqual(['linux', 'macos', 'windows']);
    expect(new Set(inventories.map((inventory) => inventory.hardwareId)).size).toBe(DEMO_AGENTS.length);
    expect(new Set(inventories.map((inventory) => inventory.name)).size).toBe(DEMO_AGENTS.length);
  });

  it('loads the demo data with the cli image running deploy/compose/demo-data.sh on the demo package', () => {
    const job = composeCopy().services['demo-data'];
    expect(job['build']).toMatchObject({ target: 'cli' });
    expect(job['restart']).toBe('no');
    expect(job['entrypoint']).toEqual(expect.arrayContaining(['/demo/demo-data.sh']));
    expect(job['volumes']).toEqual(
      expect.arrayContaining(['./deploy/compose/demo-data.sh:/demo/demo-data.sh:ro', './tools/start/demo-package:/demo/package:ro']),
    );
    expect(environmentOf(job).get('DEMO_PACKAGE_FOLDER')).toBe('/demo/package');
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

  it('find a console that does not wait for a service and a job that does not wait for a DP', () => {
    const broken = composeCopy();
    delete (broken.services.console['depends_on'] as Record<string, unknown>)['targeting'];
    delete (broken.services['demo-data']['depends_on'] as Record<string, unknown>)['minio-dp2'];
    expect(findComposeProblems(broken, expectations)).toEqual([
      'console: does not wait for targeting to be healthy',
      'demo-data: does not wait for minio-dp2 to be healthy',
    ]);
  });

  it('find a demo agent outside the demo profile and a default service that needs a demo one', () => {
    const broken = composeCopy();
    delete broken.services['demo-agent-linux']['profiles'];
    broken.services.console['profiles'] = ['demo'];
    (broken.services.catalog['depends_on'] as Record<string, unknown>)['demo-data'] = { condition: 'service_completed_successfully' };
    expect(findComposeProblems(broken, expectations)).toEqual([
      'catalog: depends on demo-data, which runs only under profile demo',
      'console: runs only under profile demo, but belongs to the default system',
      'demo-agent-linux: does not run only under profile demo',
    ]);
  });

  it('find a bind mount of a file that does not exist', () => {
    const broken = composeCopy();
    broken.services['demo-agent-macos']['volumes'] = ['./deploy/compose/demo-agents/macos-typo.json:/etc/sdp-agent/inventory.json:ro'];
    expect(findComposeProblems(broken, expectations)).toEqual([
      'demo-agent-macos: mounts ./deploy/compose/demo-agents/macos-typo.json, which does not exist',
    ]);
  });

  it('find an obsolete version key and an undeclared volume', () => {
    const broken = composeCopy();
    Object.assign(broken, { version: '3.8' });
    delete broken['volumes']['kafka-scram-data'];
    expect(findComposeProblems(broken, expectations)).toEqual(
      expect.arrayContaining([
        '(root): the obsolete top-level version key is present',
        'kafka: uses volume kafka-scram-data, which is not declared',
      ]),
    );
  });
  it('find a service without its Kafka credentials, with another principal, or not waiting for the ACLs', () => {
    const broken = composeCopy();
    const catalog = broken.services.catalog['environment'] as Record<string, unknown>;
    delete catalog['KAFKA_SASL_USERNAME'];
    delete catalog['KAFKA_SASL_PASSWORD'];
    Object.assign(broken.services.targeting['environment'] as Record<string, unknown>, {
      KAFKA_SASL_USERNAME: DEV_KAFKA_USERS.admin.username,
      KAFKA_SASL_PASSWORD: DEV_KAFKA_USERS.admin.password,
    });
    delete (broken.services.advertisement['depends_on'] as Record<string, unknown>)['kafka-init'];
    expect(findComposeProblems(broken, expectations)).toEqual([
      'advertisement: does not wait for kafka-init to complete successfully',
      'catalog: KAFKA_SASL_USERNAME is not its own Kafka principal sdp-catalog',
      'catalog: KAFKA_SASL_PASSWORD is not the password of sdp-catalog',
      'targeting: KAFKA_SASL_USERNAME is not its own Kafka principal sdp-targeting',
      'targeting: KAFKA_SASL_PASSWORD is not the password of sdp-targeting',
    ]);
  });

  it('find a Kafka formatted without a user, or started on another configuration', () => {
    const broken = composeCopy();
    const command = broken.services.kafka['command'] as string[];
    broken.services.kafka['command'] = command.map((part) =>
      part.replace(/--add-scram 'SCRAM-SHA-512=\[name=sdp-event-reader,[^']*' */, '').replace('kafka-server-start.sh /etc/sdp-kafka/server.properties', 'kafka-server-start.sh /opt/kafka/config/server.properties'),
    );
    expect(findComposeProblems(broken, expectations)).toEqual([
      'kafka: the log dir is not formatted with exactly the SCRAM-SHA-512 users sdp-admin, sdp-catalog, sdp-content-replication, sdp-targeting, sdp-advertisement, sdp-metering, sdp-event-reader',
      'kafka: the command does not format the log dir and start the broker with one configuration file',
    ]);
  });

  it('find a Kafka listener without SASL, another mechanism, no authorizer, everyone allowed and a service as super user', () => {
    const broken = readFileSync(KAFKA_CONFIG, 'utf8')
      .replace('HOST:SASL_PLAINTEXT', 'HOST:PLAINTEXT')
      .replace('sasl.enabled.mechanisms=SCRAM-SHA-512', 'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512')
      .replace(/^authorizer\.class\.name=.*$/m, '')
      .replace('allow.everyone.if.no.acl.found=false', 'allow.everyone.if.no.acl.found=true')
      .replace('super.users=User:sdp-admin;', 'super.users=User:sdp-admin;User:sdp-catalog;');
    expect(brokerSecurityProblems('kafka', parseProperties(broken), expectations.kafka)).toEqual([
      'kafka: listener INTERNAL accepts PLAIN,SCRAM-SHA-512, not only SCRAM-SHA-512',
      'kafka: listener HOST is PLAINTEXT, without SASL',
      'kafka: listener HOST accepts PLAIN,SCRAM-SHA-512, not only SCRAM-SHA-512',
      'kafka: authorizer.class.name is not the StandardAuthorizer',
      'kafka: allow.everyone.if.no.acl.found is not false',
      'kafka: super.users is User:sdp-admin;User:sdp-catalog;User:sdp-controller, not User:sdp-admin;User:sdp-controller',
    ]);
    expect(brokerSecurityProblems('kafka', parseProperties(readFileSync(KAFKA_CONFIG, 'utf8')), expectations.kafka)).toEqual([]);
  });
});

describe('Dockerfile', () => {
  it('is multi-stage and builds each program into a non-root image with tini, and each server with a healthcheck', () => {
    expect(stages.length).toBeGreaterThan(images.length);
    expect(findDockerfileProblems(stages, images)).toEqual([]);
  });

  it('installs only production dependencies in the runtime images', () => {
    expect(dockerfileText).toMatch(/npm ci --omit=dev/);
  });

  it('names every target in the message of a build without --target', () => {
    const usage = /Choose an image: docker build --target (\S+) \./.exec(dockerfileText)?.[1];
    expect(usage?.split('|').sort()).toEqual(images.map((image) => image.app).sort());
  });

  it('reports a single-stage, root image without healthcheck or init', () => {
    const single = parseDockerfile(['FROM node:20-bookworm-slim', 'COPY dist/apps/catalog .', 'CMD ["node", "main.js"]'].join('\n'));
    expect(findDockerfileProblems(single, [{ app: 'catalog', port: 3001, dependencies: 'workspace' }])).toEqual([
      '(file): not a multi-stage build with every stage named (FROM ... AS name)',
      'catalog: no stage named catalog',
    ]);
  });

  it('reports a stage that runs as root, has no healthcheck, no init and the wrong port', () => {
    const broken = dockerfileText
      .replace(/^USER node$/m, 'USER root')
      .replace(/^HEALTHCHECK .*\\\n.*\n/m, '')
      .replace(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m, '')
      .replace('EXPOSE 3003', 'EXPOSE 3030');
    expect(broken).not.toEqual(dockerfileText);
    expect(findDockerfileProblems(parseDockerfile(broken), images)).toEqual(
      expect.arrayContaining([
        'catalog: runs as root (no non-root USER)',
        'catalog: no HEALTHCHECK',
        'catalog: no init process (tini or dumb-init) as ENTRYPOINT',
        'console: no HEALTHCHECK',
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

  it('reports node_modules in the console and the agent (self-contained bundles), and the workspace dependencies in the cli', () => {
    const broken = dockerfileText
      .replace('FROM server-runtime AS console\n', 'FROM server-runtime AS console\nCOPY --from=production-dependencies /app/node_modules ./node_modules\n')
      .replace('--from=cli-dependencies /app/node_modules', '--from=production-dependencies /app/node_modules')
      .replace('FROM node-runtime AS agent\n', 'FROM node-runtime AS agent\nCOPY --from=production-dependencies /app/node_modules ./node_modules\n');
    expect(findDockerfileProblems(parseDockerfile(broken), images)).toEqual([
      'console: copies node_modules though its bundle needs none',
      'agent: copies node_modules though its bundle needs none',
      'cli: node_modules do not come from npm ci --omit=dev on the package.json that nx build cli generates',
    ]);
  });

  it('reports an agent without its owned data volume and a cli whose arguments do not reach it', () => {
    const broken = dockerfileText
      .replace('chown node:node /var/lib/sdp-agent', 'true')
      .replace(/(AS cli\n[\s\S]*?)ENTRYPOINT \[.*\]/, '$1ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(findDockerfileProblems(parseDockerfile(broken), images)).toEqual([
      'agent: /var/lib/sdp-agent is not owned by node, who must write there',
      'cli: the ENTRYPOINT does not run main.js, so docker run arguments do not reach cli',
    ]);
    const withoutVolume = dockerfileText.replace(/^VOLUME .*$/m, '');
    expect(findDockerfileProblems(parseDockerfile(withoutVolume), images)).toEqual(['agent: declares no VOLUME /var/lib/sdp-agent']);
  });

  it('reports a health check or an exposed port on a program that serves no HTTP', () => {
    const broken = dockerfileText.replace('FROM node-runtime AS cli\n', 'FROM server-runtime AS cli\nEXPOSE 3000\n');
    expect(findDockerfileProblems(parseDockerfile(broken), images)).toEqual([
      'cli: has a HEALTHCHECK but serves no HTTP',
      'cli: exposes 3000 but serves no HTTP',
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
