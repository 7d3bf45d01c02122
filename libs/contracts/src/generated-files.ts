import { buildAsyncApiDocument } from './asyncapi';
import { eventRegistry } from './event-types';
import { eventJsonSchema } from './json-schema';
import { EventRegistry } from './registry';

/** Folder of the checked-in generated files, relative to libs/contracts. */
export const GENERATED_DIR = 'generated';
export const SCHEMAS_DIR = `${GENERATED_DIR}/schemas`;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Stable text of a JSON value: sorted keys, two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/**
 * Every generated file with its content, keyed by path relative to libs/contracts:
 * the AsyncAPI document and one JSON Schema per event type.
 */
export function renderGeneratedFiles(registry: EventRegistry = eventRegistry): Map<string, string> {
  const files = new Map<string, string>();
  files.set(`${GENERATED_DIR}/asyncapi.json`, stableJson(buildAsyncApiDocument(registry)));
  for (const definition of registry.definitions()) {
    files.set(`${SCHEMAS_DIR}/${definition.type}.json`, stableJson(eventJsonSchema(definition)));
  }
  return files;
}
