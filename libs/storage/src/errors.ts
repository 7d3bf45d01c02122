import { S3Error } from 'minio';

export interface ExpectedContent {
  sha256?: string;
  size?: number;
}

export interface ActualContent {
  sha256: string;
  size: number;
}

/** The bytes read are not the bytes that were promised; nothing was stored under `cas/`. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  readonly code = 'CONTENT_INTEGRITY';

  /** @param context what was being stored or copied, e.g. the key and both endpoints */
  constructor(
    readonly expected: ExpectedContent,
    readonly actual: ActualContent,
    readonly context?: string,
  ) {
    super(`${context ? `${context}: ` : ''}${describeMismatch(expected, actual)}`);
  }
}

function describeMismatch(expected: ExpectedContent, actual: ActualContent): string {
  const parts: string[] = [];
  if (expected.sha256 !== undefined && expected.sha256 !== actual.sha256) {
    parts.push(`sha256 expected ${expected.sha256} but was ${actual.sha256}`);
  }
  if (expected.size !== undefined && expected.size !== actual.size) {
    parts.push(`size expected ${expected.size} but was ${actual.size}`);
  }
  return `content integrity check failed: ${parts.join('; ')}`;
}

/** Throws IntegrityError when the actual content differs from what was expected. */
export function assertContentMatches(expected: ExpectedContent, actual: ActualContent): void {
  const hashDiffers = expected.sha256 !== undefined && expected.sha256 !== actual.sha256;
  const sizeDiffers = expected.size !== undefined && expected.size !== actual.size;
  if (hashDiffers || sizeDiffers) {
    throw new IntegrityError(expected, actual);
  }
}

export class ObjectNotFoundError extends Error {
  override readonly name = 'ObjectNotFoundError';
  readonly code = 'OBJECT_NOT_FOUND';

  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`object not found: s3://${bucket}/${key}`, options);
  }
}

// GET answers NoSuchKey; HEAD has no body, so minio reports the bare status as NotFound.
const MISSING_OBJECT_CODES = new Set(['NoSuchKey', 'NotFound']);

export function isMissingObject(error: unknown): boolean {
  return error instanceof S3Error && error.code !== undefined && MISSING_OBJECT_CODES.has(error.code);
}

export function s3ErrorCode(error: unknown): string | undefined {
  return error instanceof S3Error ? error.code : undefined;
}
