import { CloudEvent } from './envelope';
import { EventTypeDefinition } from './registry';
import { isTopicName, TOPIC_INFO } from './topics';

const EXAMPLE_TIME = '2026-03-02T10:00:00Z';

/**
 * A complete, valid event of one type built from its example data, with fixed envelope values
 * so generated documents stay byte-for-byte stable. Undefined when the type has no example.
 */
export function exampleEventOf(definition: EventTypeDefinition, index: number): CloudEvent | undefined {
  if (definition.example === undefined) {
    return undefined;
  }
  const data = definition.dataSchema.parse(definition.example);
  const owner = isTopicName(definition.topic) ? TOPIC_INFO[definition.topic].owner : 'unknown';
  return {
    specversion: '1.0',
    id: `0195f3c2-8a4b-7000-8000-${index.toString(16).padStart(12, '0')}`,
    source: `sdp.${owner}`,
    type: definition.type,
    subject: definition.subjectOf?.(data) ?? 'example',
    time: EXAMPLE_TIME,
    datacontenttype: 'application/json',
    sequence: 1,
    data,
  };
}
