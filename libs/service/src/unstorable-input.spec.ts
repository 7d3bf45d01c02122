import { BadRequestException } from '@nestjs/common';
import { findUnstorableInput, MAX_INPUT_DEPTH, UnstorableInputPipe } from './unstorable-input';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe('findUnstorableInput', () => {
  it('finds a NUL in a string or a key, naming the field', () => {
    expect(findUnstorableInput({ name: 'ok', programs: [{ commandLine: 'a\u0000b' }] }, '')).toEqual({
      field: 'programs[0].commandLine',
      problems: ['must not contain a NUL character'],
    });
    expect(findUnstorableInput({ inventory: { 'de\u0000pt': 'x' } }, '')?.field).toBe('inventory.de\\0pt');
    expect(findUnstorableInput('S01\u000000001', 'id')).toEqual({ field: 'id', problems: ['must not contain a NUL character'] });
  });

  it('finds half a surrogate pair, which jsonb refuses, but lets whole pairs through', () => {
    expect(findUnstorableInput({ name: 'a\ud800b' }, '')?.field).toBe('name');
    expect(findUnstorableInput({ name: 'a\udc00' }, '')?.field).toBe('name');
    expect(findUnstorableInput({ inventory: { '\ud800': 1 } }, '')?.problems[0]).toMatch(/^key must be valid Unicode/);
    expect(findUnstorableInput({ name: 'emoji 😀 ok' }, '')).toBeUndefined();
  });

  it('refuses nesting past the limit without recursing, even 5,000 levels deep', () => {
    expect(findUnstorableInput(nested(MAX_INPUT_DEPTH), '')).toBeUndefined();
    expect(findUnstorableInput(nested(MAX_INPUT_DEPTH + 1), '')?.problems).toEqual([`must not be nested more than ${MAX_INPUT_DEPTH} levels deep`]);
    expect(findUnstorableInput(JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`), '')?.problems[0]).toMatch(/nested/);
  });

  it('refuses numbers no field can hold exactly', () => {
    expect(findUnstorableInput({ estimatedDiskSpaceMb: 1e308 }, '')?.field).toBe('estimatedDiskSpaceMb');
    expect(findUnstorableInput({ rateLimitBytesPerSec: 2 ** 63 }, '')?.field).toBe('rateLimitBytesPerSec');
    expect(findUnstorableInput({ limit: Number.MAX_SAFE_INTEGER, offset: -5 }, '')).toBeUndefined();
  });

  it('lets ordinary input and buffers through', () => {
    expect(findUnstorableInput({ name: 'Demo Tool', tags: ['a', 'b'], nothing: null, yes: true }, '')).toBeUndefined();
    expect(findUnstorableInput(Buffer.from([0, 0, 0]), '')).toBeUndefined();
  });
});

describe('UnstorableInputPipe', () => {
  const pipe = new UnstorableInputPipe();

  it('answers 400 naming the path parameter, query or body field', () => {
    const refusal = (value: unknown, type: 'body' | 'param' | 'query', data?: string) => {
      try {
        pipe.transform(value, { type, data });
      } catch (error) {
        expect(error).toBeInstanceOf(BadRequestException);
        return (error as BadRequestException).getResponse();
      }
      throw new Error('not refused');
    };
    expect(refusal('a\u0000', 'param', 'id')).toMatchObject({ message: 'invalid request: id: must not contain a NUL character', details: [{ field: 'id' }] });
    expect(refusal({ q: '\u0000' }, 'query')).toMatchObject({ details: [{ field: 'query.q' }] });
    expect(refusal({ name: '\u0000' }, 'body')).toMatchObject({ details: [{ field: 'name' }] });
    expect(pipe.transform({ name: 'fine' }, { type: 'body' })).toEqual({ name: 'fine' });
  });
});
