import { z } from 'zod';
import { cloudEventEnvelopeSchema } from './envelope';
import { EventTypeDefinition } from './registry';
import { isTopicName, TOPIC_INFO } from './topics';

export type JsonSchema = Record<string, unknown>;

/**
 * Formats draft-07 defines. zod also emits its own (uuid, cidrv4, ...); those are dropped so
 * strict draft-07 validators accept the schemas, and the patterns zod emits beside them keep
 * the constraint.
 */
const DRAFT_07_FORMATS: ReadonlySet<string> = new Set([
  'date-time',
  'date',
  'time',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
]);

/** The whole CloudEvent of one type: the envelope with its type fixed and its data schema. */
export function eventSchemaOf(definition: EventTypeDefinition): z.ZodType {
  const topicInfo = isTopicName(definition.topic) ? TOPIC_INFO[definition.topic] : undefined;
  return cloudEventEnvelopeSchema.extend({
    type: z.literal(definition.type),
    subject: topicInfo ? topicInfo.keySchema.describe(topicInfo.keyDescription) : cloudEventEnvelopeSchema.shape.subject,
    data: definition.dataSchema,
  });
}

/** JSON Schema (draft-07) of any zod schema of the contracts, with standard formats only. */
export function toDraft07JsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-7',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      if (typeof jsonSchema.format === 'string' && !DRAFT_07_FORMATS.has(jsonSchema.format)) {
        delete jsonSchema.format;
      }
    },
  }) as JsonSchema;
}

/** JSON Schema (draft-07) of the whole CloudEvent of one event type. */
export function eventJsonSchema(definition: EventTypeDefinition): JsonSchema {
  return {
    ...toDraft07JsonSchema(eventSchemaOf(definition)),
    title: definition.type,
    description: definition.description,
  };
}
