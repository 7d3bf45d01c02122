/**
 * Kafka names of one deployment: the platform's topic names and consumer group IDs behind an
 * optional prefix (KAFKA_TOPIC_PREFIX), so several deployments — or test runs — share one
 * cluster without reading each other's events or joining each other's consumer groups.
 * Everything above this adapter sees only the platform's names.
 */
export class DeploymentNames {
  constructor(private readonly prefix = '') {}

  physical(topic: string): string {
    return this.prefix + topic;
  }

  logical(topic: string): string {
    return this.prefix !== '' && topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }

  /** The consumer group ID on the cluster of a service's group (`<service>.<purpose>`). */
  group(groupId: string): string {
    return this.prefix + groupId;
  }
}
