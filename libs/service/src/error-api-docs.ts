import type { OpenAPIObject } from '@nestjs/swagger';
import { knownErrorCodes } from './domain-error';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The OpenAPI schema of ErrorBody; `code` lists every code this service can answer. */
function errorBodySchema(codes: string[]): Record<string, unknown> {
  return {
    type: 'object',
    required: ['statusCode', 'error', 'code', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 404 },
      error: { type: 'string', example: 'Not Found' },
      code: {
        type: 'string',
        enum: codes,
        example: 'NOT_FOUND',
        description: 'Stable and machine-readable: rely on it rather than on the message. A feature\'s own code (PACKAGE_IN_USE) or a generic one (VALIDATION_FAILED, NOT_FOUND, …).',
      },
      message: { type: 'string', description: 'For people; may change.' },
      details: { description: 'For validation and rule errors: `[{ field, problems[] }]`.' },
    },
  };
}

/** Declares ErrorBody (with its codes) and makes every 4xx and 5xx answer without a schema of its own use it. */
export function documentErrorBodies(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: errorBodySchema(knownErrorCodes()) } };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      for (const [status, response] of Object.entries(path[method]?.responses ?? {})) {
        if (!response || '$ref' in response || !/^[45]\d\d$/.test(status) || response.content) continue;
        response.content = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
      }
    }
  }
  return document;
}
