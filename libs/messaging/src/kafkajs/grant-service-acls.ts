import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import { AclEntry, serviceAcls, ServiceAclScope } from '../acls';
import { KafkaConnectionOptions, kafkaJsConnection } from './create-kafka-messaging';

const RESOURCE = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP } as const;
const PATTERN = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED } as const;
const OPERATION = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
  describe: AclOperationTypes.DESCRIBE,
} as const;

/**
 * Grants every platform principal its ACLs for one deployment (topic prefix) on the cluster, as
 * serviceAcls derives them. `connection` must sign in as a principal allowed to alter ACLs (the
 * local stack's `sdp-admin`). Idempotent: granting again changes nothing. For the local stack and
 * the test harnesses; in Kubernetes the Strimzi KafkaUser resources hold the same ACLs.
 */
export async function grantServiceAcls(connection: KafkaConnectionOptions, scope: ServiceAclScope): Promise<void> {
  await withAdmin(connection, (admin) => admin.createAcls({ acl: serviceAcls(scope).map(toBinding) }));
}

/** Takes back what grantServiceAcls granted for a deployment that is gone (a test run's prefix). */
export async function revokeServiceAcls(connection: KafkaConnectionOptions, scope: ServiceAclScope): Promise<void> {
  await withAdmin(connection, (admin) => admin.deleteAcls({ filters: serviceAcls(scope).map(toBinding) }));
}

function toBinding(entry: AclEntry) {
  return {
    resourceType: RESOURCE[entry.resource],
    resourceName: entry.name,
    resourcePatternType: PATTERN[entry.pattern],
    principal: entry.principal,
    host: '*',
    operation: OPERATION[entry.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

async function withAdmin(connection: KafkaConnectionOptions, work: (admin: Admin) => Promise<unknown>): Promise<void> {
  const admin = new Kafka({ ...kafkaJsConnection(connection), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await work(admin);
  } finally {
    await admin.disconnect();
  }
}
