import { createHash } from 'node:crypto';

/** A strong ETag over the canonical JSON of a policy body. */
export function etagOf(body: unknown): string {
  return etagOfJson(JSON.stringify(body));
}

/** The ETag of a body already serialised (JSON.stringify of it): the same as etagOf(body). */
export function etagOfJson(json: string): string {
  return `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`;
}

/** RFC 9110 If-None-Match: `*` or a list of tags, compared weakly (W/ ignored). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) {
    return false;
  }
  const bare = stripWeak(etag);
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || stripWeak(tag) === bare);
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
