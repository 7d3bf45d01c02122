import { z } from 'zod';
import {
  clientIdSchema,
  collectionIdSchema,
  distributionPointNameSchema,
  packageIdSchema,
  advertisementIdSchema,
} from './common/fields';
import { meteringRuleIdSchema } from './metering-rules/metering-rule.schema';

/** Every topic of the platform. The record key is always the aggregate ID named in TOPIC_INFO. */
export const TOPICS = {
  catalogPackages: 'sdp.catalog.packages.v1',
  replicationDistributionPoints: 'sdp.replication.distribution-points.v1',
  replicationPackageStatus: 'sdp.replication.package-status.v1',
  targetingClients: 'sdp.targeting.clients.v1',
  targetingCollections: 'sdp.targeting.collections.v1',
  targetingMembership: 'sdp.targeting.membership.v1',
  advertisementAdvertisements: 'sdp.advertisement.advertisements.v1',
  advertisementClientStatus: 'sdp.advertisement.client-status.v1',
  advertisementMembershipRequests: 'sdp.advertisement.membership-requests.v1',
  meteringRules: 'sdp.metering.rules.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** The services: each owns (alone writes to) its topics, and holds a Kafka principal of its own. */
export const OWNING_SERVICES = ['catalog', 'content-replication', 'targeting', 'advertisement', 'metering'] as const;

/** The service (app) that alone writes to a topic. */
export type OwningService = (typeof OWNING_SERVICES)[number];

export interface TopicInfo {
  owner: OwningService;
  /**
   * The services that consume the topic. The one list of who reads what: each service's Kafka
   * principal may read exactly these topics (grantServiceAcls in libs/messaging), and a service
   * that registers a consumer of a topic not listed here does not start.
   */
  consumers: readonly OwningService[];
  title: string;
  description: string;
  /** What the record key (and every event's `subject`) holds. */
  keyDescription: string;
  keySchema: z.ZodType<string>;
}

export const TOPIC_INFO: Readonly<Record<TopicName, TopicInfo>> = {
  [TOPICS.catalogPackages]: {
    owner: 'catalog',
    consumers: ['content-replication', 'advertisement'],
    title: 'Packages',
    description: 'Packages, their programs and their published source versions.',
    keyDescription: 'Package ID; program and source-version events use their package ID so they stay ordered with it',
    keySchema: packageIdSchema,
  },
  [TOPICS.replicationDistributionPoints]: {
    owner: 'content-replication',
    consumers: ['advertisement'],
    title: 'Distribution points',
    description: 'Distribution points and distribution point groups. Credentials never appear here.',
    keyDescription: 'Distribution point name, or group name for group events',
    keySchema: distributionPointNameSchema,
  },
  [TOPICS.replicationPackageStatus]: {
    owner: 'content-replication',
    consumers: ['advertisement'],
    title: 'Package distribution status',
    description: 'State of each package on each distribution point, as replication progresses.',
    keyDescription: 'Package ID',
    keySchema: packageIdSchema,
  },
  [TOPICS.targetingClients]: {
    owner: 'targeting',
    consumers: ['content-replication', 'advertisement', 'metering'],
    title: 'Clients',
    description: 'Registered clients (managed computers) and their inventory. Tokens and secrets never appear here.',
    keyDescription: 'Client ID',
    keySchema: clientIdSchema,
  },
  [TOPICS.targetingCollections]: {
    owner: 'targeting',
    consumers: ['advertisement'],
    title: 'Collections',
    description: 'Collections with their rules and maintenance windows.',
    keyDescription: 'Collection ID',
    keySchema: collectionIdSchema,
  },
  [TOPICS.targetingMembership]: {
    owner: 'targeting',
    consumers: ['advertisement'],
    title: 'Collection membership',
    description:
      'Membership deltas and full snapshots per collection. Each carries the membership version; a consumer that sees a gap waits for or asks for a snapshot.',
    keyDescription: 'Collection ID',
    keySchema: collectionIdSchema,
  },
  [TOPICS.advertisementAdvertisements]: {
    owner: 'advertisement',
    consumers: ['catalog', 'targeting'],
    title: 'Advertisements',
    description: 'Advertisements: which program of which package is offered to which collection, and how.',
    keyDescription: 'Advertisement ID',
    keySchema: advertisementIdSchema,
  },
  [TOPICS.advertisementClientStatus]: {
    owner: 'advertisement',
    consumers: [],
    title: 'Client status',
    description: 'Status reports of clients for advertisements, as accepted by the advertisement service.',
    keyDescription: 'Client ID',
    keySchema: clientIdSchema,
  },
  [TOPICS.advertisementMembershipRequests]: {
    owner: 'advertisement',
    consumers: ['targeting'],
    title: 'Membership snapshot requests',
    description:
      'Requests for a full membership snapshot of a collection, from the advertisement service when it sees a gap in the deltas. Targeting answers on the membership topic.',
    keyDescription: 'Collection ID',
    keySchema: collectionIdSchema,
  },
  [TOPICS.meteringRules]: {
    owner: 'metering',
    consumers: [],
    title: 'Metering rules',
    description: 'Software metering rules: which executables clients meter, on which platforms, against how many licences owned.',
    keyDescription: 'Metering rule ID',
    keySchema: meteringRuleIdSchema,
  },
};

export function isTopicName(topic: string): topic is TopicName {
  return Object.prototype.hasOwnProperty.call(TOPIC_INFO, topic);
}

/** The dead-letter topic of one consumer group reading one topic. */
export function deadLetterTopic(topic: string, consumerGroup: string): string {
  return `${topic}.dlq.${consumerGroup}`;
}
