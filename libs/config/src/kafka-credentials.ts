import { accessSync, constants, statSync } from 'node:fs';
import type { OwningService } from '@sdp/contracts';
import { z } from 'zod';

export interface KafkaUser {
  readonly username: string;
  readonly password: string;
}

/**
 * The SCRAM-SHA-512 users of the local stack's broker (tools/stack/stack.mjs formats it with
 * exactly these; a unit test holds the two equal). LOCAL DEVELOPMENT ONLY: published defaults,
 * like `dev-enroll-secret`. `admin` is the super user of tooling and tests (topics, ACLs); each
 * service has its own; `reader` is the read-only principal of the example consumer.
 */
export const DEV_KAFKA_USERS: Readonly<Record<OwningService | 'admin' | 'reader', KafkaUser>> = {
  admin: { username: 'sdp-admin', password: 'dev-kafka-admin-secret' },
  catalog: { username: 'sdp-catalog', password: 'dev-kafka-catalog-secret' },
  'content-replication': { username: 'sdp-content-replication', password: 'dev-kafka-content-replication-secret' },
  targeting: { username: 'sdp-targeting', password: 'dev-kafka-targeting-secret' },
  advertisement: { username: 'sdp-advertisement', password: 'dev-kafka-advertisement-secret' },
  metering: { username: 'sdp-metering', password: 'dev-kafka-metering-secret' },
  reader: { username: 'sdp-event-reader', password: 'dev-kafka-event-reader-secret' },
};

export const KAFKA_SASL_PASSWORD_VARIABLE = 'KAFKA_SASL_PASSWORD';

const DEV_PASSWORDS: ReadonlySet<string> = new Set(Object.values(DEV_KAFKA_USERS).map((user) => user.password));

const booleanVar = (defaultValue: boolean) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true');

/**
 * How a service signs in to Kafka: SASL/SCRAM-SHA-512 always (the mechanism is not a setting),
 * TLS when KAFKA_SSL=true (with KAFKA_SSL_CA_FILE, a PEM file, when the broker's certificate is
 * not signed by a public CA). The defaults are the service's local development user, refused
 * with NODE_ENV=production (assertNoKafkaDevelopmentDefaultsInProduction).
 */
export function kafkaClientEnv(service: OwningService) {
  return {
    KAFKA_SASL_USERNAME: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,200}$/, 'must be letters, digits, dots, hyphens, underscores or @')
      .default(DEV_KAFKA_USERS[service].username),
    [KAFKA_SASL_PASSWORD_VARIABLE]: z.string().min(1, 'must not be empty').default(DEV_KAFKA_USERS[service].password),
    KAFKA_SSL: booleanVar(false),
    // Checked here, so a wrong path stops the service with one line instead of a stack trace later.
    KAFKA_SSL_CA_FILE: z.string().min(1, 'must not be empty').refine(isReadableFile, 'must be a readable PEM file').optional(),
  } as const;
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Kafka client settings of kafkaClientEnv, as a service's configuration holds them. */
export interface KafkaClientConfig {
  KAFKA_SASL_USERNAME: string;
  KAFKA_SASL_PASSWORD: string;
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA_FILE?: string;
}

/**
 * Throws, naming the variable (never its value), when NODE_ENV=production would sign in to Kafka
 * with a local development password, whether left unset or set to one of them.
 */
export function assertNoKafkaDevelopmentDefaultsInProduction(env: NodeJS.ProcessEnv): void {
  if (env.NODE_ENV !== 'production') {
    return;
  }
  const password = env[KAFKA_SASL_PASSWORD_VARIABLE];
  if (!password?.trim() || DEV_PASSWORDS.has(password)) {
    throw new Error(
      `Refusing to start with NODE_ENV=production while the local development Kafka credentials are in use: set ${KAFKA_SASL_PASSWORD_VARIABLE} (and KAFKA_SASL_USERNAME) to the service's own principal`,
    );
  }
}
