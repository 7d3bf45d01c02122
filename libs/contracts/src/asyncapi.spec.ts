import { ValidateFunction } from 'ajv';
import { buildAsyncApiDocument } from './asyncapi';
import { createDraft07Validator } from './ajv.spec-helper';
import { allEventTypes } from './event-types';
import { TOPICS } from './topics';

// The official schema bundles its own copy of the draft-07 meta-schema, which Ajv already has.
function officialAsyncApi300Schema(): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const schema = require('@asyncapi/specs/schemas/3.0.0.json') as { definitions: Record<string, unknown> };
  const { ['http://json-schema.org/draft-07/schema']: _metaSchema, ...definitions } = schema.definitions;
  return { ...schema, definitions };
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], document);
}

function collectRefs(node: unknown, refs: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((item) => collectRefs(item, refs));
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        refs.push(value);
      } else {
        collectRefs(value, refs);
      }
    }
  }
  return refs;
}

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument();
  let validateAsyncApi: ValidateFunction;

  beforeAll(() => {
    validateAsyncApi = createDraft07Validator(false).compile(officialAsyncApi300Schema());
  });

  it('is valid against the official AsyncAPI 3.0.0 JSON Schema', () => {
    const valid = validateAsyncApi(document);
    expect(validateAsyncApi.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by that schema when broken, so the check above has teeth', () => {
    const operations = document.operations as Record<string, Record<string, unknown>>;
    const [operationId] = Object.keys(operations);
    const brokenOperation = { ...operations[operationId], action: 'publish' };
    expect(validateAsyncApi({ ...document, operations: { [operationId]: brokenOperation } })).toBe(false);
    const components = document.components as { schemas: Record<string, object> };
    const [schemaId] = Object.keys(components.schemas);
    const brokenSchemas = { ...components.schemas, [schemaId]: { ...components.schemas[schemaId], type: 'objekt' } };
    expect(validateAsyncApi({ ...document, components: { ...components, schemas: brokenSchemas } })).toBe(false);
  });

  it('has one channel per topic, addressed by the topic name', () => {
    const channels = document.channels as Record<string, { address: string }>;
    expect(Object.values(channels).map((channel) => channel.address).sort()).toEqual(Object.values(TOPICS).sort());
  });

  it('has one message and one payload schema per event type, listed on its topic', () => {
    const components = document.components as { messages: object; schemas: object };
    const types = allEventTypes.map((definition) => definition.type).sort();
    expect(Object.keys(components.messages).sort()).toEqual(types);
    expect(Object.keys(components.schemas).sort()).toEqual(types);
    const channels = Object.values(document.channels as Record<string, { address: string; messages: object }>);
    for (const definition of allEventTypes) {
      const channel = channels.find((candidate) => candidate.address === definition.topic);
      expect(Object.keys(channel?.messages ?? {})).toContain(definition.type);
    }
  });

  it('has a send operation per channel listing every message of that channel', () => {
    const operations = Object.values(
      document.operations as Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>,
    );
    expect(operations).toHaveLength(Object.keys(TOPICS).length);
    for (const operation of operations) {
      expect(operation.action).toBe('send');
      const channel = resolvePointer(document, operation.channel.$ref) as { messages: object };
      expect(operation.messages.map((message) => message.$ref.split('/').pop()).sort()).toEqual(
        Object.keys(channel.messages).sort(),
      );
    }
  });

  it('has no dangling $ref', () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(allEventTypes.length);
    const dangling = refs.filter((ref) => !ref.startsWith('#/') || resolvePointer(document, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('has examples that are valid against their own payload schema', () => {
    const ajv = createDraft07Validator();
    const components = document.components as {
      messages: Record<string, { examples?: { payload: unknown }[] }>;
      schemas: Record<string, object>;
    };
    for (const [type, message] of Object.entries(components.messages)) {
      const validate = ajv.compile(components.schemas[type]);
      expect(message.examples).toHaveLength(1);
      for (const example of message.examples ?? []) {
        expect({ type, valid: validate(example.payload), errors: validate.errors ?? null }).toEqual({
          type,
          valid: true,
          errors: null,
        });
      }
    }
  });
});
