/** Every topic of the platform. The record key is always the aggregate ID named here. */
export const TOPICS = {
  catalogPackages: 'sdp.catalog.packages.v1',
  replicationDistributionPoints: 'sdp.replication.distribution-points.v1',
  replicationPackageStatus: 'sdp.replication.package-status.v1',
  targetingClients: 'sdp.targeting.clients.v1',
  targetingCollections: 'sdp.targeting.collections.v1',
  targetingMembership: 'sdp.targeting.membership.v1',
  advertisementAdvertisements: 'sdp.advertisement.advertisements.v1',
  advertisementClientStatus: 'sdp.advertisement.client-status.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** The dead-letter topic of one consumer group reading one topic. */
export function deadLetterTopic(topic: string, consumerGroup: string): string {
  return `${topic}.dlq.${consumerGroup}`;
}
