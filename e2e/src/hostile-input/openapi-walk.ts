/**
 * Hostile variants of every operation of an OpenAPI 3 document: for each path parameter, query
 * parameter and body field, the inputs attackers and broken scripts send (NUL and control
 * characters, bidi overrides, deep nesting, numbers out of every range, missing, extra and
 * wrong-typed fields, huge strings, bodies that are not what the operation takes). A service
 * must answer each with a 2xx or 4xx — never a 5xx.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: Schema };

export interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** The path template, `/api/v1/packages/{id}`. */
  path: string;
  parameters: Parameter[];
  /** The first content type the operation takes, with its schema when it is JSON. */
  body?: { contentType: string; schema?: Schema };
}

export interface HostileRequest {
  operation: Operation;
  /** What this variant does, for the failure report: `body.name: NUL`. */
  variant: string;
  method: string;
  /** Path and query, already encoded. */
  target: string;
  contentType?: string;
  body?: string | Buffer;
}

/** Fills path parameters the hostile variant leaves alone: names known objects where it can. */
export type KnownValue = (path: string, parameter: string) => string | undefined;

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => resolveSchema(document, schema);
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const content = Object.entries(operation.requestBody?.content ?? {});
      const [contentType, media] = content[0] ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (operation.parameters ?? []).map((parameter) => ({ ...parameter, schema: resolve(parameter.schema) })),
        body: contentType ? { contentType, schema: contentType.includes('json') ? resolve(media?.schema) : undefined } : undefined,
      });
    }
  }
  return operations;
}

function resolveSchema(document: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 8) return schema;
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolveSchema(document, document.components?.schemas?.[name], depth + 1);
  }
  const combined = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (combined && combined.length > 0 && !schema.type && !schema.properties) return resolveSchema(document, combined[0], depth + 1);
  if (schema.properties) {
    const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, child]) => [name, resolveSchema(document, child, depth + 1) ?? {}]));
    return { ...schema, properties };
  }
  if (schema.items) return { ...schema, items: resolveSchema(document, schema.items, depth + 1) };
  return schema;
}

/** A plausible value of a schema: its example, default or first enum value, else one of its type. */
export function sampleOf(schema: Schema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.example !== undefined) return schema.example;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items));
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => schema.required?.includes(name)).map(([name, child]) => [name, sampleOf(child)]));
    default:
      if (schema.format === 'date-time') return new Date(Date.now() + 60_000).toISOString();
      return 'sample';
  }
}

/** JSON text nested `depth` arrays deep (written as text: JSON.stringify itself overflows on it). */
function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** Text that no field should store or print raw. */
const HOSTILE_TEXT: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['control characters', 'red\u001b[31m\u0007bell'],
  ['C1 control', 'x\u0085\u009by'],
  ['bidi override', 'exe.\u202etxt'],
  ['whitespace only', '   '],
  ['lone surrogate', 'a\ud800b'],
  ['huge', 'a'.repeat(100_000)],
];

const HOSTILE_NUMBERS: [string, unknown][] = [
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['2^63', 2 ** 63],
  ['-1', -1],
  ['1.5', 1.5],
  ['0', 0],
];

const WRONG_TYPES: [string, unknown][] = [
  ['null', null],
  ['number', 7],
  ['string', 'seven'],
  ['boolean', false],
  ['array', ['a']],
  ['object', { a: 1 }],
];

/** Percent-encodes like encodeURIComponent, but a lone surrogate becomes its (invalid) UTF-8 bytes. */
export function encodeHostile(text: string): string {
  let encoded = '';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(index + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      encoded += encodeURIComponent(text.slice(index, index + 2));
      index += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      encoded += `%${(0xe0 | (unit >> 12)).toString(16).toUpperCase()}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (unit & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      encoded += encodeURIComponent(text[index]);
    }
  }
  return encoded;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

export function hostileRequests(operation: Operation, known: KnownValue): HostileRequest[] {
  const requests: HostileRequest[] = [];
  const pathValue = (name: string) => known(operation.path, name) ?? 'S0100001';
  const build = (variant: string, overrides: { path?: Record<string, string>; query?: string; body?: unknown; raw?: string | Buffer; contentType?: string } = {}) => {
    const filled = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeHostile(overrides.path?.[name] ?? pathValue(name)));
    const request: HostileRequest = { operation, variant, method: operation.method, target: overrides.query ? `${filled}?${overrides.query}` : filled };
    if (overrides.raw !== undefined) {
      request.body = overrides.raw;
      request.contentType = overrides.contentType ?? operation.body?.contentType ?? 'application/json';
    } else if (overrides.body !== undefined) {
      request.body = JSON.stringify(overrides.body);
      request.contentType = 'application/json';
    } else if (operation.body?.schema) {
      request.body = JSON.stringify(sampleOf(operation.body.schema));
      request.contentType = 'application/json';
    }
    return request;
  };

  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    for (const [name, text] of [...HOSTILE_TEXT, ['unicode', 'ü😀'], ['dot segments', '../../etc'], ['number', '99999999999999999999999']] as [string, string][]) {
      requests.push(build(`path ${parameter.name}: ${name}`, { path: { [parameter.name]: text } }));
    }
  }
  const requestQueries = operation.parameters.filter((p) => p.in === 'query');
  for (const parameter of requestQueries) {
    const values: [string, string][] = [
      ...HOSTILE_TEXT.map(([name, text]) => [name, encodeHostile(text)] as [string, string]),
      ['empty', ''],
      ['negative', '-1'],
      ['fraction', '1.5'],
      ['1e308', '1e308'],
      ['beyond 64 bits', '99999999999999999999999'],
      ['bad percent-encoding', '%E0%A4%A'],
    ];
    for (const [name, encoded] of values) requests.push(build(`query ${parameter.name}: ${name}`, { query: `${parameter.name}=${encoded}` }));
    requests.push(build(`query ${parameter.name}: repeated`, { query: `${parameter.name}=1&${parameter.name}=2` }));
    requests.push(build(`query ${parameter.name}: nested`, { query: `${parameter.name}[a][b]=1` }));
  }
  if (requestQueries.length > 0) requests.push(build('query: unknown parameter', { query: 'zzUnknown=1' }));

  if (!operation.body) {
    if (operation.method !== 'GET' && operation.method !== 'DELETE') requests.push(build('body: unexpected JSON', { body: { zzUnknown: 1 } }));
    return requests;
  }
  const schema = operation.body.schema;
  if (!schema) {
    // A non-JSON body (an archive, a definition file): JSON, random bytes, NULs and an empty body.
    requests.push(build('body: JSON instead', { raw: '{"name":"x"}', contentType: 'application/json' }));
    requests.push(build('body: zeros', { raw: Buffer.alloc(4096) }));
    requests.push(build('body: random bytes', { raw: Buffer.from(Array.from({ length: 4096 }, (_x, index) => (index * 7919) % 256)) }));
    requests.push(build('body: empty', { raw: '' }));
    requests.push(build('body: gzip header then garbage', { raw: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(600, 0x41)]) }));
    requests.push(build('body: zip header then garbage', { raw: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(600, 0x41)]) }));
    return requests;
  }

  const base = sampleOf(schema);
  requests.push(build('body: not JSON', { raw: '{"name": ' }));
  requests.push(build('body: empty', { raw: '' }));
  for (const [name, value] of WRONG_TYPES) requests.push(build(`body: ${name} instead of an object`, { raw: JSON.stringify(value) }));
  requests.push(build('body: 5,000 levels deep', { raw: nestedJson(5_000) }));
  if (typeOf(base) === 'object') {
    const object = base as Record<string, unknown>;
    requests.push(build('body: unknown field', { body: { ...object, zzUnknown: 1 } }));
    requests.push(build('body: key with NUL', { body: { ...object, 'a\u0000b': 1 } }));
    for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
      const sample = sampleOf(fieldSchema);
      const withField = (value: unknown) => ({ ...object, [field]: value });
      if (schema.required?.includes(field)) {
        const { [field]: _dropped, ...rest } = object;
        requests.push(build(`body.${field}: missing`, { body: rest }));
      }
      for (const [name, value] of WRONG_TYPES.filter(([, value]) => typeOf(value) !== typeOf(sample))) {
        requests.push(build(`body.${field}: ${name}`, { body: withField(value) }));
      }
      requests.push(build(`body.${field}: 5,000 levels deep`, { raw: JSON.stringify(withField('__deep__')).replace('"__deep__"', nestedJson(5_000)), contentType: 'application/json' }));
      if (fieldSchema.type === 'string' || typeof sample === 'string') {
        for (const [name, text] of HOSTILE_TEXT) requests.push(build(`body.${field}: ${name}`, { body: withField(text) }));
      }
      if (fieldSchema.type === 'integer' || fieldSchema.type === 'number' || typeof sample === 'number') {
        for (const [name, value] of HOSTILE_NUMBERS) requests.push(build(`body.${field}: ${name}`, { body: withField(value) }));
      }
      if (fieldSchema.type === 'array' || Array.isArray(sample)) {
        requests.push(build(`body.${field}: 10,000 items`, { body: withField(Array.from({ length: 10_000 }, () => sampleOf(fieldSchema.items))) }));
        for (const [name, text] of HOSTILE_TEXT.slice(0, 4)) requests.push(build(`body.${field}[0]: ${name}`, { body: withField([text]) }));
        for (const [name, value] of HOSTILE_NUMBERS.slice(0, 3)) requests.push(build(`body.${field}[0]: ${name}`, { body: withField([value]) }));
      }
      if (fieldSchema.type === 'object' || typeOf(sample) === 'object') {
        requests.push(build(`body.${field}: object with hostile keys and values`, { body: withField({ 'a\u0000': 1, b: 'x\u0000', c: 1e308, ['\u202e']: '\u001b' }) }));
        requests.push(build(`body.${field}: object of 5,000 keys`, { body: withField(Object.fromEntries(Array.from({ length: 5_000 }, (_x, index) => [`k${index}`, index]))) }));
      }
    }
  }
  return requests;
}
