import { eventRegistry } from './event-types';
import { exampleEventOf } from './example-events';
import { eventJsonSchema, JsonSchema, toDraft07JsonSchema } from './json-schema';
import { EventRegistry, EventTypeDefinition } from './registry';
import { isTopicName, TOPIC_INFO, TOPICS, TopicInfo, TopicName } from './topics';

/** Version of the event contract as a whole; bump it with every change of the document. */
export const CONTRACT_VERSION = '1.0.0';

export type AsyncApiDocument = Record<string, unknown>;

const KAFKA_BINDING_VERSION = '0.5.0';

const DESCRIPTION = [
  'Events of the software distribution platform: packages, programs, distribution points,',
  'clients, collections, advertisements and client status. Each service publishes only to its own',
  'topics, from a transactional outbox, and keeps what it needs of the others in its own tables.',
  '',
  'Every record value is a CloudEvents 1.0 structured JSON event: `id` (UUIDv7), `source`, `type`,',
  '`subject` (the aggregate ID, equal to the record key), `time`, `data`, plus the extensions',
  '`sequence` (per aggregate, increasing) and `traceparent`. Events of one aggregate keep their',
  'order because the record key is the aggregate ID. Delivery is at least once: consumers drop',
  'events whose `id` they have applied.',
  '',
  'A change that would break a consumer is a new type version (`...v2`), never an edit. Consumers',
  'send an event that fails validation to `<topic>.dlq.<consumer group>` with the reason.',
].join('\n');

function channelIdOf(topic: TopicName): string {
  const entry = Object.entries(TOPICS).find(([, name]) => name === topic);
  if (!entry) {
    throw new Error(`topic ${topic} is not in TOPICS`);
  }
  return entry[0];
}

function withoutSchemaKeyword(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

function messageOf(definition: EventTypeDefinition, topicInfo: TopicInfo, index: number): Record<string, unknown> {
  const example = exampleEventOf(definition, index);
  return {
    name: definition.type,
    title: definition.type,
    description: definition.description,
    contentType: 'application/cloudevents+json',
    payload: { $ref: `#/components/schemas/${definition.type}` },
    bindings: {
      kafka: {
        key: { ...withoutSchemaKeyword(toDraft07JsonSchema(topicInfo.keySchema)), description: topicInfo.keyDescription },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
    ...(example ? { examples: [{ name: 'example', payload: example }] } : {}),
  };
}

function topicInfoOf(topic: string): TopicInfo & { topic: TopicName } {
  if (!isTopicName(topic)) {
    throw new Error(`topic ${topic} has no entry in TOPIC_INFO`);
  }
  return { ...TOPIC_INFO[topic], topic };
}

/**
 * The AsyncAPI 3.0.0 document of every topic and event type in the registry, seen from the
 * services that publish: one channel per topic, one `send` operation per topic, one message
 * and one payload schema per event type.
 */
export function buildAsyncApiDocument(registry: EventRegistry = eventRegistry): AsyncApiDocument {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const definitions = registry.definitions();

  for (const topic of registry.topics()) {
    const info = topicInfoOf(topic);
    const channelId = channelIdOf(info.topic);
    const channelMessages: Record<string, unknown> = {};
    for (const definition of registry.forTopic(topic)) {
      const index = definitions.indexOf(definition) + 1;
      messages[definition.type] = messageOf(definition, info, index);
      schemas[definition.type] = withoutSchemaKeyword(eventJsonSchema(definition));
      channelMessages[definition.type] = { $ref: `#/components/messages/${definition.type}` };
    }
    channels[channelId] = {
      address: topic,
      title: info.title,
      description: `${info.description}\n\nOwner: ${info.owner}. Read by: ${info.consumers.length > 0 ? info.consumers.join(', ') : 'no platform service'}. Record key: ${info.keyDescription}.`,
      messages: channelMessages,
    };
    const operationId = `send${channelId.charAt(0).toUpperCase()}${channelId.slice(1)}`;
    operations[operationId] = {
      action: 'send',
      channel: { $ref: `#/channels/${channelId}` },
      title: `${info.owner} publishes ${info.title.toLowerCase()}`,
      summary: `Only ${info.owner} writes to ${topic}.`,
      tags: [{ name: info.owner }],
      messages: Object.keys(channelMessages).map((type) => ({ $ref: `#/channels/${channelId}/messages/${type}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Software distribution platform events',
      version: CONTRACT_VERSION,
      description: DESCRIPTION,
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/cloudevents+json',
    channels,
    operations,
    components: { schemas, messages },
  };
}
