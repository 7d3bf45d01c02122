import type { OpenAPIObject } from '@nestjs/swagger';
import { documentConsistencyHeader } from './consistency-api-docs';

describe('documentConsistencyHeader', () => {
  it('documents the request header on every operation and the response header on successful writes', () => {
    const document = documentConsistencyHeader({
      openapi: '3.0.0',
      info: { title: 'sdp test', version: '1' },
      paths: {
        '/api/v1/packages': {
          get: { responses: { '200': { description: 'list' } } },
          post: { parameters: [{ name: 'x', in: 'query' }], responses: { '201': { description: 'created' }, '422': { description: 'rule' } } },
        },
      },
    } as OpenAPIObject);
    const packages = document.paths['/api/v1/packages'];
    expect(packages.get?.parameters?.map((parameter) => ('name' in parameter ? parameter.name : ''))).toEqual(['Sdp-Consistency']);
    expect(packages.post?.parameters?.map((parameter) => ('name' in parameter ? parameter.name : ''))).toEqual(['x', 'Sdp-Consistency']);
    expect(Object.keys((packages.post?.responses['201'] as { headers?: object }).headers ?? {})).toEqual(['Sdp-Consistency']);
    expect((packages.post?.responses['422'] as { headers?: object }).headers).toBeUndefined();
    expect((packages.get?.responses['200'] as { headers?: object }).headers).toBeUndefined();
  });
});
