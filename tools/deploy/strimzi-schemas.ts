import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Minimal schemas of the Strimzi kinds deploy/ uses (kafka.strimzi.io/v1beta2): the fields this
 * repository sets, closed where a typo would silently change what Strimzi does (listeners,
 * authentication, authorization, ACL rules, node pools). Not Strimzi's full CRDs.
 */
const listener = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'port', 'type', 'tls'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]{1,11}$' },
    port: { type: 'integer', minimum: 9092, maximum: 65535 },
    type: { enum: ['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip'] },
    tls: { type: 'boolean' },
    authentication: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { enum: ['tls', 'scram-sha-512', 'oauth', 'custom'] } },
    },
    configuration: { type: 'object' },
    networkPolicyPeers: { type: 'array', items: { type: 'object' } },
  },
};

const aclRule = {
  type: 'object',
  additionalProperties: false,
  required: ['resource', 'operations'],
  properties: {
    type: { enum: ['allow', 'deny'] },
    host: { type: 'string' },
    resource: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: ['topic', 'group', 'cluster', 'transactionalId'] },
        name: { type: 'string', minLength: 1 },
        patternType: { enum: ['literal', 'prefix'] },
      },
    },
    operations: {
      type: 'array',
      minItems: 1,
      items: { enum: ['Read', 'Write', 'Create', 'Delete', 'Alter', 'Describe', 'ClusterAction', 'AlterConfigs', 'DescribeConfigs', 'IdempotentWrite', 'All'] },
    },
  },
};

const metadata = (requiredLabels: string[]) => ({
  type: 'object',
  required: ['name', ...(requiredLabels.length > 0 ? ['labels'] : [])],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
    labels: {
      type: 'object',
      required: requiredLabels,
      properties: Object.fromEntries(requiredLabels.map((label) => [label, { type: 'string', minLength: 1 }])),
      additionalProperties: { type: 'string' },
    },
  },
});

const object = (kind: string, spec: object, requiredLabels: string[] = []) => ({
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'kafka.strimzi.io/v1beta2' },
    kind: { const: kind },
    metadata: metadata(requiredLabels),
    spec,
  },
});

const SCHEMAS: Record<string, object> = {
  Kafka: object('Kafka', {
    type: 'object',
    additionalProperties: false,
    required: ['kafka'],
    properties: {
      kafka: {
        type: 'object',
        additionalProperties: false,
        required: ['listeners'],
        properties: {
          version: { type: 'string' },
          metadataVersion: { type: 'string' },
          listeners: { type: 'array', minItems: 1, items: listener },
          authorization: {
            type: 'object',
            additionalProperties: false,
            required: ['type'],
            properties: { type: { enum: ['simple', 'opa', 'keycloak', 'custom'] }, superUsers: { type: 'array', items: { type: 'string' } } },
          },
          config: { type: 'object' },
          rack: { type: 'object' },
          template: { type: 'object' },
          metricsConfig: { type: 'object' },
          logging: { type: 'object' },
        },
      },
      entityOperator: {
        type: 'object',
        additionalProperties: false,
        properties: {
          topicOperator: { type: 'object' },
          userOperator: {
            type: 'object',
            additionalProperties: false,
            properties: {
              secretPrefix: { type: 'string' },
              watchedNamespace: { type: 'string' },
              reconciliationIntervalMs: { type: 'integer' },
              resources: { type: 'object' },
              logging: { type: 'object' },
            },
          },
          template: { type: 'object' },
        },
      },
      cruiseControl: { type: 'object' },
      kafkaExporter: { type: 'object' },
      clusterCa: { type: 'object' },
      clientsCa: { type: 'object' },
    },
  }),
  KafkaNodePool: object(
    'KafkaNodePool',
    {
      type: 'object',
      additionalProperties: false,
      required: ['replicas', 'roles', 'storage'],
      properties: {
        replicas: { type: 'integer', minimum: 1 },
        roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['controller', 'broker'] } },
        storage: {
          type: 'object',
          required: ['type'],
          properties: { type: { enum: ['ephemeral', 'persistent-claim', 'jbod'] }, volumes: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'type'],
                properties: { id: { type: 'integer', minimum: 0 }, type: { enum: ['ephemeral', 'persistent-claim'] }, size: { type: 'string' }, deleteClaim: { type: 'boolean' }, kraftMetadata: { const: 'shared' } },
              },
            },
          },
        },
        resources: { type: 'object' },
        jvmOptions: { type: 'object' },
        template: { type: 'object' },
      },
    },
    ['strimzi.io/cluster'],
  ),
  KafkaUser: object(
    'KafkaUser',
    {
      type: 'object',
      additionalProperties: false,
      required: ['authentication', 'authorization'],
      properties: {
        authentication: {
          type: 'object',
          additionalProperties: false,
          required: ['type'],
          properties: { type: { enum: ['tls', 'tls-external', 'scram-sha-512'] }, password: { type: 'object' } },
        },
        authorization: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'acls'],
          properties: { type: { const: 'simple' }, acls: { type: 'array', items: aclRule } },
        },
        quotas: { type: 'object' },
        template: { type: 'object' },
      },
    },
    ['strimzi.io/cluster'],
  ),
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>(Object.entries(SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)]));

/** Kinds with a schema here, as `apiVersion/kind`. */
export const STRIMZI_KINDS: readonly string[] = Object.keys(SCHEMAS).map((kind) => `kafka.strimzi.io/v1beta2/${kind}`);

/** Throws, like kubernetes-models' validate(), when the object does not match its Strimzi schema. */
export function validateStrimziObject(object: { kind: string }): void {
  const validate = validators.get(object.kind);
  if (!validate) throw new Error(`no Strimzi schema for ${object.kind}`);
  if (!validate(object)) throw new Error(ajv.errorsText(validate.errors, { dataVar: 'data', separator: '; ' }));
}
