/**
 * Kafka topic names of one deployment: the platform's topic names behind an optional prefix
 * (KAFKA_TOPIC_PREFIX), so several deployments — or test runs — share one cluster without ever
 * reading each other's events. Everything above this adapter sees only the platform's names.
 */
export class TopicNames {
  constructor(private readonly prefix = '') {}

  physical(topic: string): string {
    return this.prefix + topic;
  }

  logical(topic: string): string {
    return this.prefix !== '' && topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }
}
