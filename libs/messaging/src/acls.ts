import { deadLetterTopic, OWNING_SERVICES, OwningService, TOPIC_INFO, TopicName } from '@sdp/contracts';
import { DEV_KAFKA_USERS } from '@sdp/config';

/** One thing one principal may do on one topic or consumer group (or every name with a prefix). */
export interface AclEntry {
  principal: string;
  resource: 'topic' | 'group';
  /** `literal`: exactly this name; `prefixed`: every name that starts with it. */
  pattern: 'literal' | 'prefixed';
  name: string;
  operation: 'read' | 'write' | 'create' | 'describe';
}

export type AclPrincipal = OwningService | 'reader';

export interface ServiceAclScope {
  /** The deployment's KAFKA_TOPIC_PREFIX ('' for none): topics and groups on the cluster start with it. */
  topicPrefix: string;
  /** Each principal's KAFKA_CONSUMER_GROUP_PREFIX; default its service name (`reader`: `example`, as the example consumer's groups). */
  groupPrefixes?: Partial<Record<AclPrincipal, string>>;
  /** The SCRAM user of each principal; default the local stack's (DEV_KAFKA_USERS). */
  usernames?: Partial<Record<AclPrincipal, string>>;
}

/** A service's consumer groups default to its name (consumerGroupPrefixVar); the example consumer's to `example`. */
const defaultGroupPrefix = (who: AclPrincipal): string => (who === 'reader' ? 'example' : who);

/**
 * The ACLs of every platform principal in one deployment, derived from libs/contracts' topic
 * list (TOPIC_INFO: owner and consumers), never kept as a list of their own. A service writes and
 * creates only its own topics and the dead-letter topics of its own groups, reads only the topics
 * it consumes, and uses only consumer groups under its group prefix; the reader principal (the
 * example consumer, teams that consume our events) reads every platform topic and writes nothing.
 */
export function serviceAcls(scope: ServiceAclScope): AclEntry[] {
  const { topicPrefix } = scope;
  const groupPrefix = (who: AclPrincipal) => `${topicPrefix}${scope.groupPrefixes?.[who] ?? defaultGroupPrefix(who)}.`;
  const principal = (who: AclPrincipal) => `User:${scope.usernames?.[who] ?? DEV_KAFKA_USERS[who].username}`;
  const topics = Object.entries(TOPIC_INFO) as [TopicName, (typeof TOPIC_INFO)[TopicName]][];
  const entries: AclEntry[] = [];
  const allow = (who: AclPrincipal, resource: AclEntry['resource'], pattern: AclEntry['pattern'], name: string, operations: AclEntry['operation'][]) =>
    entries.push(...operations.map((operation) => ({ principal: principal(who), resource, pattern, name, operation })));

  for (const service of OWNING_SERVICES) {
    for (const [topic, info] of topics) {
      if (info.owner === service) {
        allow(service, 'topic', 'literal', topicPrefix + topic, ['write', 'create', 'describe']);
      }
      if (info.consumers.includes(service)) {
        allow(service, 'topic', 'literal', topicPrefix + topic, ['read', 'describe']);
        // `<topic>.dlq.<group>`, for every group `<group prefix>.<purpose>` of the service.
        allow(service, 'topic', 'prefixed', topicPrefix + deadLetterTopic(topic, groupPrefix(service).slice(topicPrefix.length)), ['write', 'create', 'describe']);
      }
    }
    allow(service, 'group', 'prefixed', groupPrefix(service), ['read', 'describe']);
  }
  for (const [topic] of topics) {
    allow('reader', 'topic', 'literal', topicPrefix + topic, ['read', 'describe']);
  }
  allow('reader', 'group', 'prefixed', groupPrefix('reader'), ['read', 'describe']);
  return entries;
}
