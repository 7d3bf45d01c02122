import { allEventTypes, EventRegistry, TOPICS } from '@sdp/contracts';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { headingAnchor, renderEventGuide } from './event-guide';
import { EVENT_GUIDE_PATH, EVENT_GUIDE_TEMPLATE_PATH, expectedEventGuide, REGENERATE_COMMAND } from './generate-event-guide';
import { fieldRows, typeOf } from './schema-fields';

const STALE =
  `docs/events.md is stale: run \`${REGENERATE_COMMAND}\` ` +
  '(npx ts-node --transpile-only -r tsconfig-paths/register tools/docs/generate-event-guide.ts) and commit the result';

describe('docs/events.md', () => {
  const expected = expectedEventGuide();
  const guide = existsSync(EVENT_GUIDE_PATH) ? readFileSync(EVENT_GUIDE_PATH, 'utf8') : '';

  it('is what tools/docs/generate-event-guide.ts generates from the template and libs/contracts', () => {
    if (guide !== expected) {
      const line = guide.split('\n').findIndex((text, index) => text !== expected.split('\n')[index]) + 1;
      throw new Error(`${STALE}. First difference at line ${line}.`);
    }
  });

  it('has a section for every topic and every event type, and links to schema files that exist', () => {
    for (const topic of Object.values(TOPICS)) expect(expected).toContain(`\n### ${topic}\n`);
    for (const definition of allEventTypes) expect(expected).toContain(`\n#### ${definition.type}\n`);
    const links = [...expected.matchAll(/\]\((\.\.\/libs\/contracts\/generated\/schemas\/[^)]+\.json)\)/g)].map(([, link]) => link);
    expect(links).toHaveLength(allEventTypes.length);
    expect(links.filter((link) => !existsSync(join(dirname(EVENT_GUIDE_PATH), link)))).toEqual([]);
  });

  it('shows examples that are valid against the JSON Schema files it links to', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const sections = expected.split('\n#### ').slice(1);
    expect(sections).toHaveLength(allEventTypes.length);
    for (const section of sections) {
      const schemaLink = /\]\((\.\.\/libs\/contracts\/generated\/schemas\/[^)]+\.json)\)/.exec(section)?.[1];
      const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
      if (!schemaLink || !example) throw new Error(`section ${section.split('\n')[0]} lacks its schema link or example`);
      const validate = ajv.compile(JSON.parse(readFileSync(join(dirname(EVENT_GUIDE_PATH), schemaLink), 'utf8')));
      expect({ type: section.split('\n')[0], valid: validate(JSON.parse(example)), errors: validate.errors ?? null }).toEqual({
        type: section.split('\n')[0],
        valid: true,
        errors: null,
      });
    }
  });

  it('links every topic of the summary table to its section heading', () => {
    for (const topic of Object.values(TOPICS)) expect(expected).toContain(`](#${headingAnchor(topic)})`);
  });
});

describe('the event guide generator', () => {
  const template = readFileSync(EVENT_GUIDE_TEMPLATE_PATH, 'utf8');

  it('renders the same text twice and keeps the hand-written prose', () => {
    expect(renderEventGuide(template)).toBe(renderEventGuide(template));
    expect(renderEventGuide(template)).toContain('## Delivery and ordering');
  });

  it('renders a registry without event types, saying so per topic', () => {
    expect(renderEventGuide('{{topics}}', new EventRegistry([]))).toContain('No event types are defined on this topic yet.');
  });

  it('refuses an unknown placeholder', () => {
    expect(() => renderEventGuide('{{nonsense}}')).toThrow('unknown placeholder {{nonsense}}');
  });

  it('makes the heading anchors GitHub makes', () => {
    expect(headingAnchor('sdp.replication.package-status.v1')).toBe('sdpreplicationpackage-statusv1');
    expect(headingAnchor('Dead-letter topics')).toBe('dead-letter-topics');
  });
});

describe('schema field tables', () => {
  it.each([
    [{ type: 'string', format: 'date-time' }, 'string (date-time)'],
    [{ anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'integer | null'],
    [{ type: 'array', items: { enum: ['a', 'b'] } }, '("a" | "b")[]'],
    [{ type: 'object', properties: { type: { const: 'daily' } } }, 'object (type "daily")'],
    [{ type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} }, 'map of any'],
  ])('types %j as %s', (schema, type) => {
    expect(typeOf(schema)).toBe(type);
  });

  it('lists nested fields of objects, nullable objects and arrays of objects', () => {
    const rows = fieldRows({
      type: 'object',
      required: ['os'],
      properties: {
        os: { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'OS name' } } },
        windows: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        owner: { anyOf: [{ type: 'object', properties: { name: { type: 'string' } } }, { type: 'null' }] },
      },
    });
    expect(rows.map((row) => [row.path, row.type, row.required, row.description])).toEqual([
      ['os', 'object', true, ''],
      ['os.name', 'string', true, 'OS name'],
      ['windows', 'object[]', false, ''],
      ['windows[].id', 'string', false, ''],
      ['owner', 'object | null', false, ''],
      ['owner.name', 'string', false, ''],
    ]);
  });
});
