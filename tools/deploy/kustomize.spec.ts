import {
  ADMIN_TOKENS_VARIABLE,
  assertNoDevelopmentDefaultsInProduction,
  CLIENT_TOKEN_PRIVATE_KEY_VARIABLE,
  CLIENT_TOKEN_PUBLIC_KEY_VARIABLE,
  CONTENT_GRANT_PRIVATE_KEY_VARIABLE,
  CONTENT_GRANT_PUBLIC_KEY_VARIABLE,
  ENROLLMENT_SECRET_VARIABLE,
} from '@sdp/auth';
import { DEV_KAFKA_USERS } from '@sdp/config';
import { loadAdvertisementConfig } from '@sdp/advertisement/test-support';
import { loadCatalogConfig } from '@sdp/catalog/test-support';
import { loadMeteringConfig } from '@sdp/metering/test-support';
import { loadConsoleConfig } from '@sdp/console/test-support';
import { loadReplicationConfig } from '@sdp/content-replication/test-support';
import { loadTargetingConfig } from '@sdp/targeting/test-support';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { IJob } from 'kubernetes-models/batch/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IConfigMap, IContainer, ISecret, IService } from 'kubernetes-models/v1';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokerSecurityProblems, parseProperties, scramUsersOf } from '../compose/compose-checks';
import { containerEnvironment, processEnvironment } from './environment';
import { schemaProblems } from './kubernetes-schemas';
import { findConnectionProblems } from './network-paths';
import { ofKind } from './pod-templates';
import { findNamespaceProblems, findReferenceProblems, findSelectorProblems, sourceReferences } from './reference-checks';
import { DEPLOY_DIR, KubernetesObject, parseObjects, renderKustomization, renderObjects } from './render';
import { ExpectedService, findServiceProblems } from './service-checks';
import { findStrimziProblems } from './strimzi';
import { findImageProblems, findWorkloadProblems, isPinnedImage } from './workload-checks';
import { OWNING_SERVICES } from '@sdp/contracts';

// Ports from architecture.md; each service's config loader is what it runs at start.
const services: Record<string, ExpectedService & { loadConfig: (env: NodeJS.ProcessEnv) => object }> = {
  catalog: { port: 3001, loadConfig: loadCatalogConfig },
  'content-replication': { port: 3002, loadConfig: loadReplicationConfig },
  targeting: { port: 3003, loadConfig: loadTargetingConfig },
  advertisement: { port: 3004, loadConfig: loadAdvertisementConfig },
  metering: { port: 3005, loadConfig: loadMeteringConfig },
};

// The console: no dependency to wait for (ready when live) and no metrics endpoint.
const CONSOLE: ExpectedService = { port: 3000, readinessPath: '/health/live', metrics: false };
const servers: Record<string, ExpectedService> = { ...services, console: CONSOLE };
/** What the console's URL variables name, per service (apps/console/README.md). */
const consoleUpstreams: Record<string, string> = {
  catalog: 'catalog',
  replication: 'content-replication',
  targeting: 'targeting',
  advertisement: 'advertisement',
  metering: 'metering',
};
const podsOf = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'sdp' });

const NAMESPACE = 'sdp';
const rendered = new Map<string, KubernetesObject[]>();

/** Rendered once per directory; a missing kubectl fails every test that needs it, saying so. */
function objectsOf(kustomization: string): KubernetesObject[] {
  let objects = rendered.get(kustomization);
  if (!objects) {
    objects = renderObjects(kustomization);
    rendered.set(kustomization, objects);
  }
  return structuredClone(objects);
}

function serviceContainer(objects: KubernetesObject[], name: string): IContainer {
  const deployment = ofKind<IDeployment>(objects, 'Deployment').find((candidate) => candidate.metadata.name === name);
  const container = deployment?.spec?.template.spec?.containers.find((candidate) => candidate.name === name);
  if (!container) throw new Error(`no container ${name} in Deployment/${name}`);
  return container;
}

describe.each([
  { kustomization: 'base', minReplicas: 2 },
  { kustomization: 'overlays/dev', minReplicas: 1 },
  { kustomization: 'overlays/prod', minReplicas: 2 },
])('deploy/$kustomization', ({ kustomization, minReplicas }) => {
  it('renders with kubectl kustomize into objects that are valid against the Kubernetes schemas', () => {
    const objects = objectsOf(kustomization);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('runs every container non-root, unprivileged, with resources and probes, from a pinned image', () => {
    const objects = objectsOf(kustomization);
    expect(findWorkloadProblems(objects)).toEqual([]);
    expect(findImageProblems(objects)).toEqual([]);
  });

  it('runs each service and the console with its port, health probes, replicas, Service, PodDisruptionBudget and NetworkPolicy', () => {
    expect(findServiceProblems(objectsOf(kustomization), { services: servers, minReplicas })).toEqual([]);
  });

  it('lets the console reach each service on its port, and nothing else but DNS', () => {
    const objects = objectsOf(kustomization);
    const console = podsOf('console');
    for (const [name, { port }] of Object.entries(services)) {
      expect(findConnectionProblems(objects, { from: console, to: podsOf(name), port }, `console -> ${name}`)).toEqual([]);
    }
    expect(findConnectionProblems(objects, { from: console, to: { 'k8s-app': 'kube-dns' }, port: 53 }, 'console -> DNS')).toEqual([]);
    expect(findConnectionProblems(objects, { from: console, to: podsOf('catalog'), port: 3002 }, 'console -> catalog')).toEqual([
      'console -> catalog: egress to port 3002 is not allowed',
      'console -> catalog: ingress on port 3002 is not allowed',
    ]);
    for (const [infrastructure, port] of [['postgres', 5432], ['kafka', 9092], ['minio-source', 9000]] as const) {
      expect(findConnectionProblems(objects, { from: console, to: podsOf(infrastructure), port }, `console -> ${infrastructure}`)).toEqual([
        `console -> ${infrastructure}: egress to port ${port} is not allowed`,
      ]);
    }
  });

  it('selects existing pods from every Service, budget and policy, and reads only ConfigMaps that exist', () => {
    const objects = objectsOf(kustomization);
    expect(findSelectorProblems(objects)).toEqual([]);
    expect(findReferenceProblems(objects, { secretsRendered: false })).toEqual([]);
  });
});

describe.each(['overlays/dev', 'overlays/prod'])('deploy/%s', (kustomization) => {
  it(`puts everything in the ${NAMESPACE} namespace and creates it under the restricted Pod Security Standard`, () => {
    const objects = objectsOf(kustomization);
    expect(findNamespaceProblems(objects, NAMESPACE)).toEqual([]);
    const namespace = objects.find((object) => object.kind === 'Namespace');
    expect(namespace?.metadata).toMatchObject({ name: NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } });
  });
});

describe('deploy/overlays/dev', () => {
  it('holds every Secret the workloads read, with every key, each marked local-only', () => {
    const objects = objectsOf('overlays/dev');
    expect(findReferenceProblems(objects, { secretsRendered: true })).toEqual([]);
    const secrets = ofKind<ISecret>(objects, 'Secret');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect({ secret: secret.metadata.name, localOnly: secret.metadata.annotations?.['sdp/local-only'] }).toEqual({
        secret: secret.metadata.name,
        localOnly: 'true',
      });
    }
  });

  it('runs in-cluster Kafka, PostgreSQL, the MinIO source store and two MinIO distribution points', () => {
    const statefulSets = ofKind(objectsOf('overlays/dev'), 'StatefulSet').map((object) => object.metadata.name);
    expect(statefulSets.sort()).toEqual(['kafka', 'minio-dp1', 'minio-dp2', 'minio-source', 'postgres']);
  });

  it('runs Kafka with SASL/SCRAM-SHA-512 and ACLs only, formatted with the development users, and grants the ACLs with prepare-kafka.ts', () => {
    const objects = objectsOf('overlays/dev');
    const kafka = ofKind<IStatefulSet>(objects, 'StatefulSet').find((candidate) => candidate.metadata.name === 'kafka');
    const container = kafka?.spec?.template.spec?.containers[0];
    const command = (container?.command ?? []).join(' ');
    expect(scramUsersOf(command)).toEqual(expect.arrayContaining(Object.values(DEV_KAFKA_USERS)));
    expect(scramUsersOf(command)).toHaveLength(Object.values(DEV_KAFKA_USERS).length);
    const configVolume = kafka?.spec?.template.spec?.volumes?.find((volume) => volume.configMap !== undefined);
    const mount = container?.volumeMounts?.find((candidate) => candidate.name === configVolume?.name);
    expect(command).toContain(`kafka-server-start.sh ${mount?.mountPath}/server.properties`);
    const config = ofKind<IConfigMap>(objects, 'ConfigMap').find((candidate) => candidate.metadata.name === configVolume?.configMap?.name);
    const properties = parseProperties(config?.data?.['server.properties'] ?? '');
    expect(properties.size).toBeGreaterThan(0);
    expect(brokerSecurityProblems('kafka', properties, { service: 'kafka', users: [], superUsers: [`User:${DEV_KAFKA_USERS.admin.username}`, 'User:sdp-controller'] })).toEqual([]);
    const job = ofKind<IJob>(objects, 'Job').find((candidate) => candidate.metadata.name === 'kafka-init');
    expect(job?.spec?.template.spec?.containers[0].command).toEqual(expect.arrayContaining(['tools/start/prepare-kafka.ts']));
  });

  it.each(Object.keys(services))('signs %s in to Kafka as its own development principal, on the port its NetworkPolicy allows', (name) => {
    const objects = objectsOf('overlays/dev');
    const env = processEnvironment(containerEnvironment(objects, serviceContainer(objects, name)));
    const user = DEV_KAFKA_USERS[name as keyof typeof DEV_KAFKA_USERS];
    expect({ username: env['KAFKA_SASL_USERNAME'], password: env['KAFKA_SASL_PASSWORD'] }).toEqual(user);
    expect(env['KAFKA_BROKERS']).toBe('kafka:9092');
    expect(findConnectionProblems(objects, { from: podsOf(name), to: { 'app.kubernetes.io/name': 'kafka' }, port: 9092 }, `${name} -> kafka`)).toEqual([]);
  });

  it.each(Object.keys(services))('gives %s an environment its own config loader and start-up check accept', (name) => {
    const objects = objectsOf('overlays/dev');
    const environment = containerEnvironment(objects, serviceContainer(objects, name));
    const env = processEnvironment(environment);
    const config = services[name].loadConfig(env);
    expect(() => assertNoDevelopmentDefaultsInProduction(env)).not.toThrow();
    // A misspelt variable would be ignored silently: every one set must be one the service reads.
    const read = new Set([
      ...Object.keys(config),
      ADMIN_TOKENS_VARIABLE,
      CLIENT_TOKEN_PUBLIC_KEY_VARIABLE,
      CLIENT_TOKEN_PRIVATE_KEY_VARIABLE,
      CONTENT_GRANT_PRIVATE_KEY_VARIABLE,
      CONTENT_GRANT_PUBLIC_KEY_VARIABLE,
      ENROLLMENT_SECRET_VARIABLE,
    ]);
    expect([...environment.keys()].filter((variable) => !read.has(variable))).toEqual([]);
    expect(Object.keys(env).sort()).toEqual([...environment.keys()].sort());
  });

  it('gives the console the Services of the five APIs, which its own config loader accepts', () => {
    const objects = objectsOf('overlays/dev');
    const environment = containerEnvironment(objects, serviceContainer(objects, 'console'));
    const config = loadConsoleConfig(processEnvironment(environment), '/app/public');
    expect(config.port).toBe(CONSOLE.port);
    const serviceObjects = ofKind<IService>(objects, 'Service');
    for (const [upstream, name] of Object.entries(consoleUpstreams)) {
      const url = config.services[upstream as keyof typeof config.services];
      const service = serviceObjects.find((candidate) => candidate.metadata.name === url.hostname);
      expect({ upstream, service: service?.metadata.name, port: service?.spec?.ports?.some((port) => String(port.port) === url.port) }).toEqual({
        upstream,
        service: name,
        port: true,
      });
    }
    // The variables of the console's README table; a misspelt one would be ignored silently.
    const read = new Set(['NODE_ENV', 'PORT', 'HOST', 'CATALOG_URL', 'REPLICATION_URL', 'TARGETING_URL', 'ADVERTISEMENT_URL', 'METERING_URL', 'CONSOLE_STATIC_DIR']);
    expect([...environment.keys()].filter((variable) => !read.has(variable))).toEqual([]);
    expect([...environment.values()].filter((variable) => variable.source !== 'value')).toEqual([]);
  });
});

describe('deploy/overlays/prod', () => {
  /** `| \`secret\` | \`key\` |` rows of the Secrets table in deploy/README.md. */
  function documentedSecretKeys(): string[] {
    const readme = readFileSync(join(DEPLOY_DIR, 'README.md'), 'utf8');
    return [...readme.matchAll(/^\| `([a-z0-9.-]+)` \| `([a-z0-9.-]+)` \|/gm)].map(([, secret, key]) => `${secret}/${key}`);
  }

  it('renders no Secret: the operator creates them', () => {
    expect(ofKind(objectsOf('overlays/prod'), 'Secret')).toEqual([]);
  });

  it('reads exactly the Secrets and keys deploy/README.md lists (the operator\'s and those Strimzi makes)', () => {
    const referenced = sourceReferences(objectsOf('overlays/prod'))
      .filter((reference) => reference.kind === 'Secret')
      .map((reference) => `${reference.name}/${reference.key ?? '*'}`);
    expect([...new Set(referenced)].sort()).toEqual([...new Set(documentedSecretKeys())].sort());
  });

  it('runs Kafka on Strimzi with TLS and SCRAM-SHA-512, a KafkaUser per principal with exactly the ACLs of serviceAcls, and each service as its own', () => {
    expect(findStrimziProblems(objectsOf('overlays/prod'), OWNING_SERVICES)).toEqual([]);
  });

  it('takes every service image and the console image from a registry at a released tag', () => {
    const images = ofKind<IDeployment>(objectsOf('overlays/prod'), 'Deployment').flatMap(
      (deployment) => deployment.spec?.template.spec?.containers.map((container) => container.image) ?? [],
    );
    expect(images).toHaveLength(Object.keys(servers).length);
    for (const image of images) expect(image).toMatch(/^[a-z0-9.-]+\.[a-z]+(:\d+)?\/.+:\d+\.\d+\.\d+$/);
  });

  it('runs each service with two replicas or more: a CPU autoscaler from 2 and a disruption budget that keeps one up', () => {
    const objects = objectsOf('overlays/prod');
    for (const name of Object.keys(services)) {
      const deployment = ofKind<IDeployment>(objects, 'Deployment').find((candidate) => candidate.metadata.name === name);
      // The autoscaler owns the count: the Deployment leaves it to it.
      expect({ name, replicas: deployment?.spec?.replicas }).toEqual({ name, replicas: undefined });
      const autoscalers = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').filter(
        (autoscaler) => autoscaler.spec?.scaleTargetRef.kind === 'Deployment' && autoscaler.spec.scaleTargetRef.name === name,
      );
      expect(autoscalers.map((autoscaler) => autoscaler.apiVersion)).toEqual(['autoscaling/v2']);
      const [autoscaler] = autoscalers;
      expect(autoscaler.spec?.minReplicas).toBe(2);
      expect(autoscaler.spec?.maxReplicas).toBeGreaterThan(2);
      expect(autoscaler.spec?.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
      const budgets = ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').filter((budget) =>
        Object.entries(budget.spec?.selector?.matchLabels ?? {}).every(([key, value]) => podsOf(name)[key as keyof ReturnType<typeof podsOf>] === value),
      );
      expect(budgets).toHaveLength(1);
      // Of the two at least one stays up: minAvailable 1, or maxUnavailable 1 (which also drains a scaled-up service one pod at a time).
      const { minAvailable, maxUnavailable } = budgets[0].spec ?? {};
      expect(minAvailable === 1 || maxUnavailable === 1).toBe(true);
    }
  });

  it('runs the services in production mode with replicated topics', () => {
    const objects = objectsOf('overlays/prod');
    for (const name of Object.keys(services)) {
      const environment = containerEnvironment(objects, serviceContainer(objects, name));
      expect(environment.get('NODE_ENV')).toEqual({ source: 'value', value: 'production' });
      expect(environment.get('KAFKA_REPLICATION_FACTOR')).toEqual({ source: 'value', value: '3' });
    }
  });
});

describe('deploy/grafana', () => {
  it('renders the dashboard into a ConfigMap the Grafana sidecar picks up', () => {
    const objects = objectsOf('grafana');
    expect(objects.flatMap(schemaProblems)).toEqual([]);
    const [configMap] = ofKind<{ data?: Record<string, string> }>(objects, 'ConfigMap');
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(JSON.parse(configMap.data?.['sdp-dashboard.json'] ?? '')).toMatchObject({ uid: 'sdp-overview' });
  });
});

describe('the deploy checks', () => {
  function devCopy(): KubernetesObject[] {
    return objectsOf('overlays/dev');
  }

  function deployment(objects: KubernetesObject[], name: string): IDeployment {
    return ofKind<IDeployment>(objects, 'Deployment').find((candidate) => candidate.metadata.name === name) as IDeployment;
  }

  it('reject a wrongly typed field and an unknown kind', () => {
    const objects = devCopy();
    const catalog = deployment(objects, 'catalog') as unknown as { spec: Record<string, unknown> };
    catalog.spec['replicas'] = 'two';
    expect(schemaProblems(catalog as unknown as KubernetesObject)).toEqual([
      expect.stringContaining('Deployment/catalog: data/spec/replicas must be integer'),
    ]);
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual([
      'Widget/w: no schema known for example.com/v1 Widget',
    ]);
  });

  it('reject a root container, a missing limit, a missing probe and an unpinned image', () => {
    const objects = devCopy();
    const spec = deployment(objects, 'targeting').spec?.template.spec;
    if (!spec) throw new Error('no pod spec');
    spec.securityContext = { ...spec.securityContext, runAsUser: 0 };
    delete spec.containers[0].resources?.limits?.['memory'];
    delete spec.containers[0].readinessProbe;
    spec.containers[0].image = 'sdp/targeting';
    expect(findWorkloadProblems(objects)).toEqual([
      'Deployment/targeting container targeting: no numeric non-root runAsUser',
      'Deployment/targeting container targeting: no resources.limits.memory',
      'Deployment/targeting container targeting: no readinessProbe',
    ]);
    expect(findImageProblems(objects)).toEqual(['Deployment/targeting container targeting: image sdp/targeting is not pinned to a tag or digest']);
  });

  it('reject a service without its network policy, a wrong probe path and a writable root', () => {
    const objects = devCopy().filter((object) => !(object.kind === 'NetworkPolicy' && object.metadata.name === 'advertisement'));
    const container = deployment(objects, 'advertisement').spec?.template.spec?.containers[0];
    if (!container?.livenessProbe?.httpGet || !container.securityContext) throw new Error('unexpected advertisement container');
    container.livenessProbe.httpGet.path = '/health';
    container.securityContext.readOnlyRootFilesystem = false;
    expect(findServiceProblems(objects, { services: { advertisement: { port: 3004 } }, minReplicas: 1 })).toEqual([
      'Deployment/advertisement container advertisement: livenessProbe checks /health, not /health/live',
      'Deployment/advertisement container advertisement: root filesystem is not read-only',
      'Deployment/advertisement: no NetworkPolicy restricting both ingress and egress',
      'Deployment/advertisement: no NetworkPolicy admits its port 3004',
    ]);
  });

  it('reject a console that cannot reach a service or may reach anything, and one that waits for readiness', () => {
    const objects = devCopy();
    const policy = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').find((candidate) => candidate.metadata.name === 'console');
    if (!policy?.spec?.egress) throw new Error('no console egress');
    policy.spec.egress = policy.spec.egress.filter((rule) => rule.to?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/name'] !== 'targeting');
    const console = podsOf('console');
    expect(findConnectionProblems(objects, { from: console, to: podsOf('targeting'), port: 3003 }, 'console -> targeting')).toEqual([
      'console -> targeting: egress to port 3003 is not allowed',
    ]);
    policy.spec.egress.push({});
    expect(findConnectionProblems(objects, { from: console, to: podsOf('postgres'), port: 5432 }, 'console -> postgres')).toEqual([]);
    const readiness = serviceContainer(objects, 'console').readinessProbe?.httpGet;
    if (!readiness) throw new Error('no console readiness probe');
    readiness.path = '/health/ready';
    expect(findServiceProblems(objects, { services: { console: CONSOLE }, minReplicas: 1 })).toEqual([
      'Deployment/console container console: readinessProbe checks /health/ready, not /health/live',
    ]);
  });

  it('reject a reference to a missing Secret key and a Service that selects nothing', () => {
    const objects = devCopy();
    const auth = ofKind<ISecret>(objects, 'Secret').find((secret) => secret.metadata.name === 'sdp-auth');
    delete auth?.stringData?.['enrollment-secret'];
    const service = objects.find((object) => object.kind === 'Service' && object.metadata.name === 'catalog') as unknown as {
      spec: { selector: Record<string, string> };
    };
    service.spec.selector = { 'app.kubernetes.io/name': 'katalog' };
    expect(findReferenceProblems(objects, { secretsRendered: true })).toEqual([
      'Deployment/targeting container targeting env SDP_ENROLLMENT_SECRET: Secret sdp-auth has no key enrollment-secret',
    ]);
    expect(findSelectorProblems(objects)).toEqual(['Service/catalog: selects no pod']);
  });

  it.each([
    ['sdp/catalog:0.1.0', true],
    ['registry.example.com:5000/sdp/catalog:0.1.0', true],
    [`sdp/catalog@sha256:${'a'.repeat(64)}`, true],
    ['sdp/catalog', false],
    ['sdp/catalog:latest', false],
    ['registry.example.com:5000/sdp/catalog', false],
  ])('tell %s pinned: %s', (image, pinned) => {
    expect(isPinnedImage(image)).toBe(pinned);
  });

  it('reject a KafkaUser whose ACLs drift from serviceAcls, a missing one, and a listener without TLS', () => {
    const objects = objectsOf('overlays/prod').filter((object) => !(object.kind === 'KafkaUser' && object.metadata.name === 'sdp-catalog'));
    type User = { spec: { authorization: { acls: { resource: { name: string }; operations: string[] }[] } } };
    const user = (name: string) => objects.find((object) => object.kind === 'KafkaUser' && object.metadata.name === name) as unknown as User;
    const targeting = user('sdp-targeting').spec.authorization.acls.find((rule) => rule.resource.name === 'sdp.targeting.membership.v1');
    targeting?.operations.splice(targeting.operations.indexOf('Create'), 1);
    user('sdp-event-reader').spec.authorization.acls.find((rule) => rule.resource.name === 'sdp.targeting.membership.v1')?.operations.push('Write');
    const kafka = objects.find((object) => object.kind === 'Kafka') as unknown as { spec: { kafka: { listeners: { tls: boolean }[] } } };
    kafka.spec.kafka.listeners[0].tls = false;
    expect(findStrimziProblems(objects, OWNING_SERVICES)).toEqual([
      'Kafka/sdp: no listener with tls: true and authentication scram-sha-512',
      'Kafka/sdp: listener tls is not the one TLS + SCRAM-SHA-512 listener',
      'KafkaUser/sdp-event-reader: also grants User:sdp-event-reader write topic literal sdp.targeting.membership.v1',
      'KafkaUser/sdp-targeting: lacks User:sdp-targeting create topic literal sdp.targeting.membership.v1',
      'no KafkaUser for User:sdp-catalog',
      'Deployment/catalog: KAFKA_SASL_USERNAME sdp-catalog is no KafkaUser',
    ]);
  });

  it('reject a service without its Kafka password, with another principal, without the cluster CA or without egress to the listener', () => {
    const objects = objectsOf('overlays/prod');
    const container = (name: string) => serviceContainer(objects, name);
    container('catalog').env = container('catalog').env?.filter((variable) => variable.name !== 'KAFKA_SASL_PASSWORD');
    const username = container('advertisement').env?.find((variable) => variable.name === 'KAFKA_SASL_USERNAME');
    if (username) username.value = 'sdp-targeting';
    container('targeting').volumeMounts = container('targeting').volumeMounts?.filter((mount) => mount.name !== 'kafka-ca');
    const policy = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').find((candidate) => candidate.metadata.name === 'content-replication');
    policy?.spec?.egress?.splice(0, policy.spec.egress.length, { ports: [{ protocol: 'TCP', port: 9092 }] });
    expect(findStrimziProblems(objects, OWNING_SERVICES)).toEqual(
      expect.arrayContaining([
        "Deployment/catalog: KAFKA_SASL_PASSWORD is not key password of Secret kafka-sdp-catalog (Strimzi's for its KafkaUser)",
        'Deployment/targeting: KAFKA_SSL_CA_FILE is not ca.crt of Secret sdp-cluster-ca-cert, mounted',
        'content-replication -> Kafka: egress to port 9093 is not allowed',
        'Deployment/advertisement: signs in as sdp-targeting, as targeting does',
        "Deployment/advertisement: KAFKA_SASL_PASSWORD is not key password of Secret kafka-sdp-targeting (Strimzi's for its KafkaUser)",
      ]),
    );
  });

  it('reject Strimzi objects with a misspelt or unknown field', () => {
    const objects = objectsOf('overlays/prod');
    const user = objects.find((object) => object.kind === 'KafkaUser' && object.metadata.name === 'sdp-catalog') as unknown as {
      spec: { authorization: { acls: Record<string, unknown>[] } };
    };
    user.spec.authorization.acls[0]['operation'] = 'Read';
    const kafka = objects.find((object) => object.kind === 'Kafka') as unknown as { spec: { kafka: { listeners: Record<string, unknown>[] } } };
    kafka.spec.kafka.listeners[0]['authentication'] = { type: 'scram-sha-256' };
    expect(objects.flatMap(schemaProblems)).toEqual([
      expect.stringContaining('Kafka/sdp: data/spec/kafka/listeners/0/authentication/type must be equal to one of the allowed values'),
      expect.stringContaining('KafkaUser/sdp-catalog: data/spec/authorization/acls/0 must NOT have additional properties'),
    ]);
  });

  it('fail with a clear message when kubectl is missing', () => {
    expect(() => renderKustomization(join(DEPLOY_DIR, 'base'), '/nonexistent/kubectl')).toThrow(
      /\/nonexistent\/kubectl is not installed or not on the PATH, and the Kubernetes manifests cannot be checked without it/,
    );
  });

  it('refuse YAML that is not a Kubernetes object', () => {
    expect(() => parseObjects('just: a map\n')).toThrow('not a Kubernetes object');
    expect(parseObjects('---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n---\n')).toHaveLength(1);
  });
});
