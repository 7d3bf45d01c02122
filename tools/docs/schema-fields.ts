import type { JsonSchema } from '@sdp/contracts';

/** One row of a field table: a dotted path (`[]` for array items), its type, whether it must be there. */
export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

function asSchema(value: unknown): JsonSchema | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : undefined;
}

function unionOf(schema: JsonSchema): JsonSchema[] | undefined {
  const union = schema['anyOf'] ?? schema['oneOf'];
  if (!Array.isArray(union)) return undefined;
  return union.flatMap((branch: unknown): JsonSchema[] => {
    const schemaOfBranch = asSchema(branch);
    return schemaOfBranch ? [schemaOfBranch] : [];
  });
}

/** The schema without a `null` alternative, so `T | null` fields still show T's fields. */
function withoutNull(schema: JsonSchema): JsonSchema {
  const union = unionOf(schema);
  const nonNull = union?.filter((branch) => branch['type'] !== 'null');
  return nonNull?.length === 1 ? nonNull[0] : schema;
}

/** A short, readable type: `string (date-time)`, `"A" | "B"`, `integer | null`, `string[]`, ... */
export function typeOf(schema: JsonSchema): string {
  if ('const' in schema) return JSON.stringify(schema['const']);
  if (Array.isArray(schema['enum'])) return schema['enum'].map((value) => JSON.stringify(value)).join(' | ');
  const union = unionOf(schema);
  if (union) return [...new Set(union.map(typeOf))].join(' | ');
  switch (schema['type']) {
    case 'array': {
      const item = typeOf(asSchema(schema['items']) ?? {});
      return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
    }
    case 'object': {
      const discriminator = asSchema(asSchema(schema['properties'])?.['type']);
      if (discriminator && 'const' in discriminator) return `object (type ${JSON.stringify(discriminator['const'])})`;
      const values = asSchema(schema['additionalProperties']);
      return values && !schema['properties'] ? `map of ${typeOf(values)}` : 'object';
    }
    case 'string':
      return typeof schema['format'] === 'string' ? `string (${schema['format']})` : 'string';
    case undefined:
      return 'any';
    default:
      return String(schema['type']);
  }
}

function descriptionOf(schema: JsonSchema): string {
  if (typeof schema['description'] === 'string') return schema['description'];
  const fromBranch = unionOf(schema)?.find((branch) => typeof branch['description'] === 'string');
  if (fromBranch) return String(fromBranch['description']);
  const items = asSchema(schema['items']);
  const itemDescription = items ? descriptionOf(items) : '';
  return itemDescription === '' ? '' : `Each: ${itemDescription}`;
}

/** Nested rows of a field whose value (or whose array items) is a plain object. */
function nestedRows(schema: JsonSchema, path: string): FieldRow[] {
  const value = withoutNull(schema);
  if (value['type'] === 'object' && asSchema(value['properties'])) return fieldRows(value, `${path}.`);
  const items = asSchema(value['items']);
  if (value['type'] === 'array' && items?.['type'] === 'object' && asSchema(items['properties'])) return fieldRows(items, `${path}[].`);
  return [];
}

/** Every field of an object schema, in schema order, with the fields of nested plain objects after each. */
export function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const properties = asSchema(schema['properties']) ?? {};
  const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
  return Object.entries(properties).flatMap(([name, value]) => {
    const property = asSchema(value) ?? {};
    const path = `${prefix}${name}`;
    return [{ path, type: typeOf(property), required: required.has(name), description: descriptionOf(property) }, ...nestedRows(property, path)];
  });
}
