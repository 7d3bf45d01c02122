import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

/** What the design documents promise about one of our HTTP servers. */
export interface ExpectedService {
  port: number;
  /** The database of a backend service, which also needs Kafka; the console has neither. */
  database?: string;
  /** The Kafka principal a backend service signs in as (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD). */
  kafkaUser?: KafkaCredentials;
}

export interface KafkaCredentials {
  username: string;
  password: string;
}

/** What the compose file's Kafka must be: SASL/SCRAM everywhere, ACLs, and these users. */
export interface ExpectedKafka {
  /** The compose service running the broker. */
  service: string;
  /** Every SCRAM-SHA-512 user the log dir is formatted with, and nothing else. */
  users: readonly KafkaCredentials[];
  /** Exactly these super users (`User:name`); every other principal has only its ACLs. */
  superUsers: readonly string[];
}

export interface ComposeExpectations {
  /** The folder holding docker-compose.yml, which relative bind mounts start from. */
  projectDir: string;
  /** The folder holding one folder per app (`apps/`). */
  appsDir: string;
  /** Stage names the root Dockerfile defines. */
  dockerfileStages: ReadonlySet<string>;
  /** Dockerfile stages a one-shot tooling job may build that are not apps (the workspace). */
  toolStages: ReadonlySet<string>;
  services: Readonly<Record<string, ExpectedService>>;
  /** Per service, the services it must wait for to be healthy. */
  waitsForHealthy: Readonly<Record<string, readonly string[]>>;
  /** Per service, the one-shot jobs it must wait for to complete successfully. */
  waitsForCompletion: Readonly<Record<string, readonly string[]>>;
  kafka: ExpectedKafka;
  /** Per profile, the services that run only under it; every other service runs without a profile. */
  profiles: Readonly<Record<string, readonly string[]>>;
}

type ServiceDefinition = Record<string, unknown>;

interface PortMapping {
  published?: string;
  target: number;
}

/** Parses a compose file the way Docker Compose does, YAML merge keys (`<<`) included. */
export function loadComposeFile(path: string): unknown {
  return parse(readFileSync(path, 'utf8'), { merge: true });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function servicesOf(document: unknown): Map<string, ServiceDefinition> {
  const services = isRecord(document) && isRecord(document['services']) ? document['services'] : {};
  const definitions = new Map<string, ServiceDefinition>();
  for (const [name, definition] of Object.entries(services)) {
    definitions.set(name, isRecord(definition) ? definition : {});
  }
  return definitions;
}

function dependenciesOf(service: ServiceDefinition): Map<string, string> {
  const dependsOn = service['depends_on'];
  const conditions = new Map<string, string>();
  if (Array.isArray(dependsOn)) {
    dependsOn.forEach((name) => conditions.set(String(name), 'service_started'));
  } else if (isRecord(dependsOn)) {
    for (const [name, options] of Object.entries(dependsOn)) {
      const condition = isRecord(options) ? options['condition'] : undefined;
      conditions.set(name, typeof condition === 'string' ? condition : 'service_started');
    }
  }
  return conditions;
}

export function environmentOf(service: ServiceDefinition): Map<string, string> {
  const environment = service['environment'];
  const variables = new Map<string, string>();
  if (Array.isArray(environment)) {
    for (const entry of environment.map(String)) {
      const separator = entry.indexOf('=');
      if (separator > 0) {
        variables.set(entry.slice(0, separator), entry.slice(separator + 1));
      }
    }
  } else if (isRecord(environment)) {
    for (const [name, value] of Object.entries(environment)) {
      variables.set(name, value === null || value === undefined ? '' : String(value));
    }
  }
  return variables;
}

function firstPort(range: string): number {
  return Number(range.split('-')[0]);
}

/** Short syntax `[ip:][published:]target[/protocol]`, a bare number, or the long syntax. */
export function portMappingsOf(service: ServiceDefinition): PortMapping[] {
  const ports = service['ports'];
  if (!Array.isArray(ports)) {
    return [];
  }
  return ports.flatMap((entry): PortMapping[] => {
    if (typeof entry === 'number') {
      return [{ target: entry }];
    }
    if (typeof entry === 'string') {
      const parts = entry.split('/')[0].split(':');
      const target = firstPort(parts[parts.length - 1]);
      return [parts.length > 1 ? { published: parts[parts.length - 2], target } : { target }];
    }
    if (isRecord(entry) && typeof entry['target'] === 'number') {
      const published = entry['published'];
      return [{ target: entry['target'], published: published === undefined ? undefined : String(published) }];
    }
    return [];
  });
}

function profilesOf(service: ServiceDefinition): string[] {
  const profiles = service['profiles'];
  return Array.isArray(profiles) ? profiles.map(String) : [];
}

function hasHealthcheck(service: ServiceDefinition): boolean {
  const healthcheck = service['healthcheck'];
  return isRecord(healthcheck) && healthcheck['disable'] !== true && healthcheck['test'] !== undefined;
}

/** A reference is pinned when it carries a digest or an explicit tag other than `latest`. */
export function isPinnedImage(reference: string): boolean {
  if (reference.includes('@sha256:')) {
    return true;
  }
  const lastSlash = reference.lastIndexOf('/');
  const tagSeparator = reference.lastIndexOf(':');
  if (tagSeparator <= lastSlash) {
    return false;
  }
  const tag = reference.slice(tagSeparator + 1);
  return tag !== '' && tag !== 'latest';
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function declaredVolumes(document: unknown): Set<string> {
  const volumes = isRecord(document) ? document['volumes'] : undefined;
  return new Set(isRecord(volumes) ? Object.keys(volumes) : []);
}

/** A named volume is the source of a `name:/path` entry whose name is not a path. */
function namedVolumesOf(service: ServiceDefinition): string[] {
  const volumes = service['volumes'];
  if (!Array.isArray(volumes)) {
    return [];
  }
  return volumes.flatMap((entry): string[] => {
    const source = typeof entry === 'string' ? entry.split(':')[0] : isRecord(entry) ? entry['source'] : undefined;
    const isNamed = typeof source === 'string' && source !== '' && !/^[./~]/.test(source) && entry !== source;
    return isNamed ? [source] : [];
  });
}

/** The host side of `./path:/in/container[:ro]` entries and of long-syntax bind mounts. */
function bindSourcesOf(service: ServiceDefinition): string[] {
  const volumes = service['volumes'];
  if (!Array.isArray(volumes)) {
    return [];
  }
  return volumes.flatMap((entry): string[] => {
    if (typeof entry === 'string') {
      const source = entry.split(':')[0];
      return /^[./~]/.test(source) && entry !== source ? [source] : [];
    }
    return isRecord(entry) && entry['type'] === 'bind' && typeof entry['source'] === 'string' ? [entry['source']] : [];
  });
}

function bindMountProblems(name: string, service: ServiceDefinition, projectDir: string): string[] {
  return bindSourcesOf(service)
    .filter((source) => !source.startsWith('~') && !existsSync(isAbsolute(source) ? source : join(projectDir, source)))
    .map((source) => `${name}: mounts ${source}, which does not exist`);
}

function imageAndBuildProblems(name: string, service: ServiceDefinition, expectations: ComposeExpectations): string[] {
  const problems: string[] = [];
  const image = service['image'];
  const build = service['build'];
  if (image === undefined && build === undefined) {
    problems.push(`${name}: has neither image nor build`);
  }
  if (typeof image === 'string' && !isPinnedImage(image)) {
    problems.push(`${name}: image ${image} is not pinned to a tag other than latest or a digest`);
  }
  if (build === undefined) {
    return problems;
  }
  const target = isRecord(build) ? build['target'] : undefined;
  if (typeof target !== 'string') {
    problems.push(`${name}: build names no Dockerfile target, so no app`);
    return problems;
  }
  if (expectations.toolStages.has(target) && expectations.dockerfileStages.has(target)) {
    return problems;
  }
  if (!isDirectory(join(expectations.appsDir, target))) {
    problems.push(`${name}: build target ${target} is not an app folder under ${expectations.appsDir}`);
  }
  if (!expectations.dockerfileStages.has(target)) {
    problems.push(`${name}: build target ${target} is not a stage of the Dockerfile`);
  }
  return problems;
}

function dependencyProblems(name: string, service: ServiceDefinition, services: Map<string, ServiceDefinition>): string[] {
  const problems: string[] = [];
  const ownProfiles = profilesOf(service);
  for (const [dependency, condition] of dependenciesOf(service)) {
    const target = services.get(dependency);
    if (target === undefined) {
      problems.push(`${name}: depends on ${dependency}, which is not a service`);
      continue;
    }
    if (condition === 'service_healthy' && !hasHealthcheck(target)) {
      problems.push(`${name}: waits for ${dependency} to be healthy, but ${dependency} has no healthcheck`);
    }
    // Compose refuses to start a service whose dependency is not enabled by the active profiles.
    const targetProfiles = profilesOf(target);
    if (targetProfiles.length > 0 && !targetProfiles.some((profile) => ownProfiles.includes(profile))) {
      problems.push(`${name}: depends on ${dependency}, which runs only under profile ${targetProfiles.join(', ')}`);
    }
  }
  return problems;
}

function startOrderProblems(services: Map<string, ServiceDefinition>, expectations: ComposeExpectations): string[] {
  const waits = (expected: Readonly<Record<string, readonly string[]>>, condition: string, what: string) =>
    Object.entries(expected).flatMap(([name, dependencies]) => {
      const service = services.get(name);
      if (service === undefined) {
        return [];
      }
      const conditions = dependenciesOf(service);
      return dependencies
        .filter((dependency) => conditions.get(dependency) !== condition)
        .map((dependency) => `${name}: does not wait for ${dependency} ${what}`);
    });
  return [
    ...waits(expectations.waitsForHealthy, 'service_healthy', 'to be healthy'),
    ...waits(expectations.waitsForCompletion, 'service_completed_successfully', 'to complete successfully'),
  ];
}

function profileProblems(services: Map<string, ServiceDefinition>, expectations: ComposeExpectations): string[] {
  const problems: string[] = [];
  const expectedProfile = new Map<string, string>();
  for (const [profile, names] of Object.entries(expectations.profiles)) {
    names.forEach((name) => expectedProfile.set(name, profile));
    problems.push(...names.filter((name) => !services.has(name)).map((name) => `${name}: missing (expected under profile ${profile})`));
  }
  for (const [name, service] of services) {
    const actual = profilesOf(service);
    const expected = expectedProfile.get(name);
    if (expected === undefined && actual.length > 0) {
      problems.push(`${name}: runs only under profile ${actual.join(', ')}, but belongs to the default system`);
    } else if (expected !== undefined && (actual.length !== 1 || actual[0] !== expected)) {
      problems.push(`${name}: does not run only under profile ${expected}`);
    }
  }
  return problems;
}

function expectedServiceProblems(name: string, service: ServiceDefinition | undefined, expected: ExpectedService): string[] {
  if (service === undefined) {
    return [`${name}: missing`];
  }
  const problems: string[] = [];
  const healthcheck = service['healthcheck'];
  if (!hasHealthcheck(service) || !JSON.stringify(isRecord(healthcheck) ? healthcheck['test'] : '').includes('/health/')) {
    problems.push(`${name}: no healthcheck probing /health/`);
  }
  const mapped = portMappingsOf(service).some(
    (mapping) => mapping.target === expected.port && mapping.published === String(expected.port),
  );
  if (!mapped) {
    problems.push(`${name}: no port mapping ${expected.port}:${expected.port}`);
  }
  const environment = environmentOf(service);
  if (environment.get('PORT') !== String(expected.port)) {
    problems.push(`${name}: PORT is not ${expected.port}`);
  }
  if (expected.database === undefined) {
    return problems;
  }
  const databaseUrl = environment.get('DATABASE_URL') ?? '';
  if (!URL.canParse(databaseUrl) || new URL(databaseUrl).pathname !== `/${expected.database}`) {
    problems.push(`${name}: DATABASE_URL does not name database ${expected.database}`);
  }
  if (!environment.get('KAFKA_BROKERS')) {
    problems.push(`${name}: KAFKA_BROKERS is not set`);
  }
  if (expected.kafkaUser === undefined || environment.get('KAFKA_SASL_USERNAME') !== expected.kafkaUser.username) {
    problems.push(`${name}: KAFKA_SASL_USERNAME is not its own Kafka principal ${expected.kafkaUser?.username ?? '(none expected)'}`);
  }
  if (expected.kafkaUser === undefined || environment.get('KAFKA_SASL_PASSWORD') !== expected.kafkaUser.password) {
    problems.push(`${name}: KAFKA_SASL_PASSWORD is not the password of ${expected.kafkaUser?.username ?? '(none expected)'}`);
  }
  return problems;
}

/** A Java properties file: `key=value` lines; `#` and `!` comments; no continuation lines used here. */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of text.split(/\r?\n/).map((raw) => raw.trim())) {
    const separator = line.search(/[=:]/);
    if (line === '' || line.startsWith('#') || line.startsWith('!') || separator <= 0) {
      continue;
    }
    properties.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  return properties;
}

/** `NAME://host:port,...` as [name, host:port] pairs. */
function listenersOf(value: string | undefined): [string, string][] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry): [string, string] => {
      const [name, address = ''] = entry.split('://');
      return [name.toUpperCase(), address];
    });
}

/**
 * What a broker configuration lacks to require SASL/SCRAM-SHA-512 of every client and to allow
 * only what ACLs allow. `name` prefixes each problem.
 */
export function brokerSecurityProblems(name: string, properties: ReadonlyMap<string, string>, expected: ExpectedKafka): string[] {
  const problems: string[] = [];
  const protocols = new Map(
    (properties.get('listener.security.protocol.map') ?? '').split(',').map((pair) => pair.trim().split(':').map((part) => part.toUpperCase()) as [string, string]),
  );
  const controllers = new Set((properties.get('controller.listener.names') ?? '').split(',').map((listener) => listener.trim().toUpperCase()));
  for (const [listener] of listenersOf(properties.get('listeners'))) {
    const protocol = protocols.get(listener) ?? listener;
    if (!protocol.startsWith('SASL_')) {
      problems.push(`${name}: listener ${listener} is ${protocol}, without SASL`);
    }
    const mechanisms = properties.get(`listener.name.${listener.toLowerCase()}.sasl.enabled.mechanisms`) ?? properties.get('sasl.enabled.mechanisms');
    if (!controllers.has(listener) && mechanisms !== 'SCRAM-SHA-512') {
      problems.push(`${name}: listener ${listener} accepts ${mechanisms ?? 'GSSAPI (the default)'}, not only SCRAM-SHA-512`);
    }
  }
  if (listenersOf(properties.get('listeners')).length === 0) {
    problems.push(`${name}: no listeners`);
  }
  if (properties.get('authorizer.class.name') !== 'org.apache.kafka.metadata.authorizer.StandardAuthorizer') {
    problems.push(`${name}: authorizer.class.name is not the StandardAuthorizer`);
  }
  if (properties.get('allow.everyone.if.no.acl.found') !== 'false') {
    problems.push(`${name}: allow.everyone.if.no.acl.found is not false`);
  }
  const superUsers = (properties.get('super.users') ?? '').split(';').map((user) => user.trim()).filter((user) => user !== '');
  if (JSON.stringify([...superUsers].sort()) !== JSON.stringify([...expected.superUsers].sort())) {
    problems.push(`${name}: super.users is ${superUsers.join(';') || '(none)'}, not ${expected.superUsers.join(';')}`);
  }
  return problems;
}

/** The SCRAM-SHA-512 users a `kafka-storage.sh format` command line adds (`--add-scram`). */
export function scramUsersOf(command: string): KafkaCredentials[] {
  return [...command.matchAll(/--add-scram\s+'?SCRAM-SHA-512=\[name=([^,\]]+),password=([^\]]+)\]/g)].map(([, username, password]) => ({ username, password }));
}

function commandOf(service: ServiceDefinition): string {
  const command = service['command'];
  return Array.isArray(command) ? command.map(String).join(' ') : typeof command === 'string' ? command : '';
}

/** The host file behind a path in the container, through a bind mount of it or of a folder above it. */
function hostPathOf(service: ServiceDefinition, containerPath: string, projectDir: string): string | undefined {
  const volumes = Array.isArray(service['volumes']) ? service['volumes'].filter((entry): entry is string => typeof entry === 'string') : [];
  for (const [source, target] of volumes.map((entry) => entry.split(':'))) {
    if (target !== undefined && /^[./]/.test(source) && (containerPath === target || containerPath.startsWith(`${target}/`))) {
      return join(isAbsolute(source) ? source : join(projectDir, source), containerPath.slice(target.length));
    }
  }
  return undefined;
}

/**
 * The broker: formatted with exactly the expected SCRAM users, started on the configuration it
 * was formatted with, and that configuration requires SASL/SCRAM and ACLs (brokerSecurityProblems).
 */
function kafkaProblems(services: Map<string, ServiceDefinition>, expectations: ComposeExpectations): string[] {
  const { kafka } = expectations;
  const service = services.get(kafka.service);
  if (service === undefined) {
    return [`${kafka.service}: missing`];
  }
  const command = commandOf(service);
  const problems: string[] = [];
  const users = scramUsersOf(command).map((user) => `${user.username}:${user.password}`);
  const expectedUsers = kafka.users.map((user) => `${user.username}:${user.password}`);
  if (JSON.stringify([...users].sort()) !== JSON.stringify([...expectedUsers].sort())) {
    problems.push(`${kafka.service}: the log dir is not formatted with exactly the SCRAM-SHA-512 users ${kafka.users.map((user) => user.username).join(', ')}`);
  }
  const formatConfig = /kafka-storage\.sh format\b[\s\S]*?--config\s+(\S+)/.exec(command)?.[1];
  const serverConfig = /kafka-server-start\.sh\s+(\S+)/.exec(command)?.[1];
  if (formatConfig === undefined || serverConfig === undefined || formatConfig !== serverConfig) {
    return [...problems, `${kafka.service}: the command does not format the log dir and start the broker with one configuration file`];
  }
  const hostPath = hostPathOf(service, serverConfig, expectations.projectDir);
  if (hostPath === undefined || !existsSync(hostPath)) {
    return [...problems, `${kafka.service}: ${serverConfig} is not a file mounted from the project`];
  }
  return [...problems, ...brokerSecurityProblems(kafka.service, parseProperties(readFileSync(hostPath, 'utf8')), kafka)];
}

/** Everything a schema cannot say about our compose file; an empty list means none found. */
export function findComposeProblems(document: unknown, expectations: ComposeExpectations): string[] {
  const problems: string[] = [];
  if (isRecord(document) && 'version' in document) {
    problems.push('(root): the obsolete top-level version key is present');
  }
  const services = servicesOf(document);
  if (services.size === 0) {
    problems.push('(root): no services');
  }
  const volumes = declaredVolumes(document);
  for (const [name, service] of services) {
    problems.push(...imageAndBuildProblems(name, service, expectations));
    problems.push(...dependencyProblems(name, service, services));
    problems.push(...bindMountProblems(name, service, expectations.projectDir));
    for (const volume of namedVolumesOf(service).filter((candidate) => !volumes.has(candidate))) {
      problems.push(`${name}: uses volume ${volume}, which is not declared`);
    }
  }
  problems.push(...startOrderProblems(services, expectations), ...profileProblems(services, expectations));
  for (const [name, expected] of Object.entries(expectations.services)) {
    problems.push(...expectedServiceProblems(name, services.get(name), expected));
  }
  problems.push(...kafkaProblems(services, expectations));
  return problems;
}
