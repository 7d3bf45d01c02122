// Where the stack keeps its state, and the ports, users and limits of its parts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const STATE = path.join(ROOT, '.stack');
export const DIR = {
  logs: path.join(STATE, 'logs'),
  run: path.join(STATE, 'run'),
  conf: path.join(STATE, 'conf'),
  // Resolved classpaths; survives `reset` so a reset stack starts without Maven.
  cache: path.join(STATE, 'cache'),
};
export const HOST = '127.0.0.1';

// STACK_KAFKA_PORT / STACK_KAFKA_CONTROLLER_PORT let a second checkout run a Kafka of its own
// beside the default one (clients then need KAFKA_BROKERS=127.0.0.1:<port>).
export const KAFKA = {
  port: Number(process.env.STACK_KAFKA_PORT || 19092),
  controllerPort: Number(process.env.STACK_KAFKA_CONTROLLER_PORT || 19093),
  // SASL_SSL, with a certificate the stack makes itself (keytool, from the JDK it already needs):
  // the same listener a production cluster offers, for whoever wants to try a client on it.
  tlsPort: Number(process.env.STACK_KAFKA_TLS_PORT || 19094),
  readyTimeoutMs: 90_000,
};
// The SCRAM-SHA-512 users of the local broker: LOCAL DEVELOPMENT ONLY, published defaults like
// `dev-enroll-secret`. The same names and passwords are libs/config's DEV_KAFKA_USERS (a unit
// test holds them equal); services refuse these passwords with NODE_ENV=production. `sdp-admin`
// is the super user that tooling and tests use to create topics and ACLs; the services' ACLs are
// granted per topic prefix by `grantServiceAcls` (libs/messaging), not here.
export const KAFKA_USERS = {
  'sdp-admin': 'dev-kafka-admin-secret',
  'sdp-catalog': 'dev-kafka-catalog-secret',
  'sdp-content-replication': 'dev-kafka-content-replication-secret',
  'sdp-targeting': 'dev-kafka-targeting-secret',
  'sdp-advertisement': 'dev-kafka-advertisement-secret',
  'sdp-metering': 'dev-kafka-metering-secret',
  'sdp-event-reader': 'dev-kafka-event-reader-secret',
};
// The controller listener (loopback only) authenticates with SASL/PLAIN from the broker's own
// static JAAS entry: SCRAM credentials live in the metadata log, which the controller serves,
// so they cannot guard it. Its one user is a super user, as the broker must be towards it.
export const KAFKA_CONTROLLER_USER = { name: 'sdp-controller', password: 'dev-kafka-controller-secret' };
export const S3 = {
  // 9000 is the source store, 9101/9102 the distribution points.
  ports: [9000, 9101, 9102],
  identity: 'sdp-local',
  credential: 'sdp-local-secret',
  readyTimeoutMs: 60_000,
};
// STACK_PG_PORT exists only so the private-cluster path can be exercised on a
// machine where something already serves 5432.
export const PG = { port: Number(process.env.STACK_PG_PORT || 5432), readyTimeoutMs: 60_000 };

export const STOP_GRACE_MS = 15_000;
export const MIN_JAVA = 17; // Kafka 4.x brokers and S3Proxy 4.x both need 17+.
// Pinned so every machine runs the same resolver; the super-POM default (2.8) is ancient.
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
