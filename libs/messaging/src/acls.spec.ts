import { OWNING_SERVICES, TOPIC_INFO, TOPICS } from '@sdp/contracts';
import { AclEntry, serviceAcls } from './acls';
import { platformTopicSpecs, unlistedConsumption } from './topics';

/** Whether an ACL lets `principal` do `operation` on the topic (or, with resource 'group', the consumer group) `name`. */
const may = (entries: AclEntry[], principal: string, operation: AclEntry['operation'], name: string, resource: AclEntry['resource'] = 'topic') =>
  entries.some(
    (entry) =>
      entry.principal === principal &&
      entry.resource === resource &&
      entry.operation === operation &&
      (entry.pattern === 'literal' ? entry.name === name : name.startsWith(entry.name)),
  );


describe('serviceAcls', () => {
  const acls = serviceAcls({ topicPrefix: 'run1.', groupPrefixes: { advertisement: 'adv-test' } });

  it('lets a service write and create only its own topics, under the deployment prefix', () => {
    expect(may(acls, 'User:sdp-targeting', 'write', `run1.${TOPICS.targetingMembership}`)).toBe(true);
    expect(may(acls, 'User:sdp-targeting', 'create', `run1.${TOPICS.targetingMembership}`)).toBe(true);
    expect(may(acls, 'User:sdp-targeting', 'write', TOPICS.targetingMembership)).toBe(false);
    for (const other of ['User:sdp-catalog', 'User:sdp-content-replication', 'User:sdp-advertisement', 'User:sdp-event-reader']) {
      expect(may(acls, other, 'write', `run1.${TOPICS.targetingMembership}`)).toBe(false);
      expect(may(acls, other, 'create', `run1.${TOPICS.targetingMembership}`)).toBe(false);
    }
  });

  it('lets a service read exactly the topics contracts say it consumes', () => {
    expect(may(acls, 'User:sdp-advertisement', 'read', `run1.${TOPICS.targetingMembership}`)).toBe(true);
    expect(may(acls, 'User:sdp-catalog', 'read', `run1.${TOPICS.advertisementAdvertisements}`)).toBe(true);
    expect(may(acls, 'User:sdp-catalog', 'read', `run1.${TOPICS.targetingMembership}`)).toBe(false);
    expect(may(acls, 'User:sdp-catalog', 'read', `run1.${TOPICS.catalogPackages}`)).toBe(false);
    expect(may(acls, 'User:sdp-content-replication', 'read', `run1.${TOPICS.advertisementClientStatus}`)).toBe(false);
  });

  it('lets a service write the dead-letter topics of its own groups only, and use only its own groups', () => {
    expect(may(acls, 'User:sdp-advertisement', 'write', `run1.${TOPICS.targetingMembership}.dlq.adv-test.targeting`)).toBe(true);
    expect(may(acls, 'User:sdp-advertisement', 'write', `run1.${TOPICS.targetingMembership}.dlq.adv-testing.targeting`)).toBe(false);
    expect(may(acls, 'User:sdp-catalog', 'write', `run1.${TOPICS.targetingMembership}.dlq.catalog.x`)).toBe(false);
    expect(may(acls, 'User:sdp-advertisement', 'read', 'run1.adv-test.targeting', 'group')).toBe(true);
    expect(may(acls, 'User:sdp-advertisement', 'read', 'run1.targeting.membership-requests', 'group')).toBe(false);
    expect(may(acls, 'User:sdp-targeting', 'read', 'run1.targeting.membership-requests', 'group')).toBe(true);
    expect(may(acls, 'User:sdp-targeting', 'read', 'run2.targeting.membership-requests', 'group')).toBe(false);
    // A group ACL is no topic ACL, and the other way round.
    expect(may(acls, 'User:sdp-targeting', 'read', 'run1.targeting.membership-requests', 'topic')).toBe(false);
    expect(may(acls, 'User:sdp-targeting', 'read', `run1.${TOPICS.targetingMembership}`, 'group')).toBe(false);
  });

  it('gives the read-only principal every platform topic to read and nothing to write', () => {
    for (const topic of Object.values(TOPICS)) {
      expect(may(acls, 'User:sdp-event-reader', 'read', `run1.${topic}`)).toBe(true);
    }
    expect(acls.filter((entry) => entry.principal === 'User:sdp-event-reader' && ['write', 'create'].includes(entry.operation))).toEqual([]);
    expect(may(acls, 'User:sdp-event-reader', 'read', 'run1.example.package-status-consumer', 'group')).toBe(true);
  });

  it('gives every service write exactly on the topics it owns and read exactly on those it consumes, for every topic', () => {
    for (const [topic, info] of Object.entries(TOPIC_INFO)) {
      for (const service of OWNING_SERVICES) {
        const principal = `User:sdp-${service}`;
        expect({ topic, service, write: may(acls, principal, 'write', `run1.${topic}`) }).toEqual({ topic, service, write: info.owner === service });
        expect({ topic, service, read: may(acls, principal, 'read', `run1.${topic}`) }).toEqual({ topic, service, read: info.consumers.includes(service) });
      }
    }
  });
});

describe('what a service may create and consume', () => {
  it('creates only its own topics and its dead-letter topics', () => {
    const topics = platformTopicSpecs({ owner: 'catalog', consumerGroups: [{ groupId: 'catalog.advertisement-usage', topics: [TOPICS.advertisementAdvertisements] }] }).map((spec) => spec.topic);
    expect(topics).toEqual([TOPICS.catalogPackages, `${TOPICS.advertisementAdvertisements}.dlq.catalog.advertisement-usage`]);
  });

  it('refuses a consumer of a topic contracts do not list the service as reading', () => {
    expect(unlistedConsumption('catalog', [{ groupId: 'catalog.advertisement-usage', topics: [TOPICS.advertisementAdvertisements] }])).toBeUndefined();
    expect(unlistedConsumption('catalog', [{ groupId: 'catalog.sneaky', topics: [TOPICS.targetingMembership] }])).toMatch(
      /catalog consumes sdp\.targeting\.membership\.v1 \(group catalog\.sneaky\), which libs\/contracts TOPIC_INFO does not list/,
    );
  });
});
