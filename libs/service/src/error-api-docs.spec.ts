import type { OpenAPIObject } from '@nestjs/swagger';
import { declareError } from './domain-error';
import { documentErrorBodies } from './error-api-docs';

describe('documentErrorBodies', () => {
  it('declares ErrorBody with every known code, and points 4xx/5xx answers without a schema at it', () => {
    declareError('SPROCKET_IN_USE', 'conflict');
    const own = { type: 'object', properties: { message: { type: 'string' } } };
    const document = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/sprockets/{id}': {
          delete: {
            responses: {
              '204': { description: 'deleted' },
              '404': { description: 'unknown' },
              '409': { description: 'in use', content: { 'application/json': { schema: own } } },
            },
          },
        },
      },
    } as unknown as OpenAPIObject;
    const documented = documentErrorBodies(document);
    const errorBody = documented.components?.schemas?.ErrorBody as { required: string[]; properties: { code: { enum: string[] } } };
    expect(errorBody.required).toContain('code');
    expect(errorBody.properties.code.enum).toEqual(expect.arrayContaining(['SPROCKET_IN_USE', 'NOT_FOUND', 'VALIDATION_FAILED']));
    const responses = documented.paths['/sprockets/{id}'].delete!.responses;
    expect(responses['404']).toEqual({ description: 'unknown', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
    expect(responses['409']).toEqual({ description: 'in use', content: { 'application/json': { schema: own } } });
    expect(responses['204']).toEqual({ description: 'deleted' });
  });
});
