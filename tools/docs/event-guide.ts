import {
  CONTRACT_VERSION,
  cloudEventEnvelopeSchema,
  deadLetterTopic,
  eventJsonSchema,
  EventRegistry,
  eventRegistry,
  EventTypeDefinition,
  exampleEventOf,
  JsonSchema,
  TOPIC_INFO,
  TopicName,
  TOPICS,
  toDraft07JsonSchema,
} from '@sdp/contracts';
import { DEAD_LETTER_HEADERS } from '@sdp/messaging';
import { fieldRows, FieldRow, typeOf } from './schema-fields';

/** Where the generated guide links to, relative to docs/. */
const SCHEMAS_LINK = '../libs/contracts/generated/schemas';

/** What each dead-letter header holds; keyed like DEAD_LETTER_HEADERS so a new header needs a line here. */
const DEAD_LETTER_HEADER_MEANINGS: Readonly<Record<keyof typeof DEAD_LETTER_HEADERS, string>> = {
  reason: 'Why the event was given up, one line (cut at 4,000 characters)',
  originalTopic: 'The topic the record was read from',
  originalPartition: 'Its partition there',
  originalOffset: 'Its offset there',
  consumerGroup: 'The consumer group that gave up',
  attempts: 'Handler attempts made; 0 when the record was refused before any (not JSON, invalid event)',
  eventId: 'The event `id`, when the record was a readable event',
  failedAt: 'When it was given up (ISO 8601)',
};

/** The anchor GitHub gives a heading: lower case, punctuation other than `-` dropped, spaces as `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Contract text as Markdown prose: angle brackets (`<service>`) would otherwise read as HTML tags. */
function prose(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Markdown that fits in a table cell: one line, pipes escaped (GitHub honours `\|` in code spans too). */
function cell(markdown: string): string {
  return markdown.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

function code(text: string): string {
  return `\`${text}\``;
}

function fieldTable(rows: readonly FieldRow[]): string {
  return table(
    ['field', 'type', 'required', 'description'],
    rows.map((row) => [code(row.path), code(row.type), row.required ? 'yes' : 'no', prose(row.description)]),
  );
}

function envelopeTable(): string {
  const schema = toDraft07JsonSchema(cloudEventEnvelopeSchema);
  const rows = fieldRows(schema).map((row) => (row.path === 'data' ? { ...row, type: 'object', description: "The event type's data, below per type" } : row));
  return fieldTable(rows);
}

function deadLetterHeaders(): string {
  const names = Object.keys(DEAD_LETTER_HEADERS) as (keyof typeof DEAD_LETTER_HEADERS)[];
  return table(['header', 'holds'], names.map((name) => [code(DEAD_LETTER_HEADERS[name]), prose(DEAD_LETTER_HEADER_MEANINGS[name])]));
}

function deadLetterTopics(): string {
  const rows = Object.values(TOPICS).map((topic) => [code(topic), code(deadLetterTopic(topic, '<consumer group>'))]);
  return table(['topic', 'dead-letter topic of a consumer group'], rows);
}

function topicTable(registry: EventRegistry): string {
  const rows = (Object.values(TOPICS) as TopicName[]).map((topic) => {
    const info = TOPIC_INFO[topic];
    const types = registry.forTopic(topic).map((definition) => code(definition.type));
    return [`[${code(topic)}](#${headingAnchor(topic)})`, info.owner, prose(info.keyDescription), types.join('<br>') || '(none yet)'];
  });
  return table(['topic', 'owner', 'key', 'event types'], rows);
}

function dataFields(definition: EventTypeDefinition): string {
  const data = (eventJsonSchema(definition)['properties'] as Record<string, JsonSchema> | undefined)?.['data'];
  if (!data) return 'No `data` schema.';
  const rows = fieldRows(data);
  return rows.length > 0 ? fieldTable(rows) : `\`data\` is ${code(typeOf(data))}.`;
}

function eventTypeSection(definition: EventTypeDefinition, index: number): string {
  const example = exampleEventOf(definition, index);
  return [
    `#### ${definition.type}`,
    prose(definition.description),
    `Aggregate: ${definition.aggregate}. JSON Schema of the whole event: [${code(`${definition.type}.json`)}](${SCHEMAS_LINK}/${definition.type}.json).`,
    dataFields(definition),
    example ? `Example:\n\n\`\`\`json\n${JSON.stringify(example, null, 2)}\n\`\`\`` : 'No example is defined for this type.',
  ].join('\n\n');
}

function topicSection(topic: TopicName, registry: EventRegistry): string {
  const info = TOPIC_INFO[topic];
  const definitions = registry.definitions();
  const types = registry.forTopic(topic);
  return [
    `### ${topic}`,
    `**${prose(info.title)}.** ${prose(info.description)}`,
    [
      `- Owner, the only service that writes here: ${info.owner}`,
      `- Record key and \`subject\`: ${prose(info.keyDescription)}`,
      `- Dead-letter topic of your consumer group: ${code(deadLetterTopic(topic, '<your consumer group>'))}`,
    ].join('\n'),
    ...(types.length > 0
      ? types.map((definition) => eventTypeSection(definition, definitions.indexOf(definition) + 1))
      : ['No event types are defined on this topic yet.']),
  ].join('\n\n');
}

/** The guide: the template's prose with the generated parts filled in. Deterministic. */
export function renderEventGuide(template: string, registry: EventRegistry = eventRegistry): string {
  const parts: Record<string, () => string> = {
    'contract-version': () => CONTRACT_VERSION,
    'envelope-table': envelopeTable,
    'dead-letter-headers': deadLetterHeaders,
    'dead-letter-topics': deadLetterTopics,
    'topic-table': () => topicTable(registry),
    topics: () => (Object.values(TOPICS) as TopicName[]).map((topic) => topicSection(topic, registry)).join('\n\n'),
  };
  const rendered = template.replace(/\{\{([a-z-]+)\}\}/g, (placeholder, name: string) => {
    const part = parts[name];
    if (!part) throw new Error(`unknown placeholder ${placeholder} in the event guide template`);
    return part();
  });
  return `${rendered.trimEnd()}\n`;
}
