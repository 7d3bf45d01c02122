/** Injection token of the consumer group prefix (KAFKA_CONSUMER_GROUP_PREFIX). */
export const CONSUMER_GROUP_PREFIX = Symbol('CONSUMER_GROUP_PREFIX');

/** The purposes this service consumes for; a group is `<prefix>.<purpose>`. */
export const CONSUMER_PURPOSES = ['catalog', 'targeting', 'replication'] as const;
