import { S3Error } from 'minio';
import { assertContentMatches, IntegrityError, isMissingObject } from './errors';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('assertContentMatches', () => {
  it('accepts matching content and unchecked fields', () => {
    expect(() => assertContentMatches({ sha256: A, size: 3 }, { sha256: A, size: 3 })).not.toThrow();
    expect(() => assertContentMatches({}, { sha256: A, size: 3 })).not.toThrow();
  });

  it('names the expected and actual hash and size', () => {
    let thrown: unknown;
    try {
      assertContentMatches({ sha256: A, size: 3 }, { sha256: B, size: 4 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(IntegrityError);
    expect((thrown as IntegrityError).message).toBe(`content integrity check failed: sha256 expected ${A} but was ${B}; size expected 3 but was 4`);
    expect(thrown).toMatchObject({ code: 'CONTENT_INTEGRITY', expected: { sha256: A, size: 3 }, actual: { sha256: B, size: 4 } });
  });

  it('prefixes the context it was given', () => {
    expect(new IntegrityError({ size: 1 }, { sha256: A, size: 2 }, 'copying k').message).toBe(
      'copying k: content integrity check failed: size expected 1 but was 2',
    );
  });
});

describe('isMissingObject', () => {
  function s3Error(code: string): S3Error {
    const error = new S3Error(code);
    error.code = code;
    return error;
  }

  it('recognises a missing key from GET and from HEAD', () => {
    expect(isMissingObject(s3Error('NoSuchKey'))).toBe(true);
    expect(isMissingObject(s3Error('NotFound'))).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isMissingObject(s3Error('AccessDenied'))).toBe(false);
    expect(isMissingObject(s3Error('NoSuchBucket'))).toBe(false);
    expect(isMissingObject(new Error('NoSuchKey'))).toBe(false);
  });
});
