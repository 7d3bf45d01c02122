import { isAbsolute, relative, resolve, sep } from 'node:path';
import { z } from 'zod';

export const MIN_REFRESH_MINUTES = 5;
export const MAX_REFRESH_MINUTES = 10_080;

const text = (max: number) => z.string().min(1).max(max);

/** What an administrator sends: an S3 prefix with its credentials, or a directory under CATALOG_SOURCE_ROOT. */
export const sourceLocationInputSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('s3'),
    endpoint: z.url({ protocol: /^https?$/ }).max(512),
    bucket: text(63),
    prefix: z.string().max(512),
    region: text(64).optional(),
    accessKey: text(256),
    secretKey: text(1024),
  }),
  z.strictObject({ type: z.literal('directory'), path: text(900) }),
]);

export type SourceLocationInput = z.infer<typeof sourceLocationInputSchema>;

/** How a location is stored: the S3 secret only sealed (see SecretBox), the directory relative to the root. */
export type StoredSourceLocation =
  | { type: 's3'; endpoint: string; bucket: string; prefix: string; region?: string; accessKey: string; sealedSecretKey: string }
  | { type: 'directory'; path: string };

export class LocationRefused extends Error {}

/**
 * The path relative to the source root, `/`-separated, or LocationRefused when it has `..`
 * segments or would lie outside the root. Links are checked again when the directory is read.
 */
export function directoryUnderRoot(root: string, path: string): string {
  if (path.split(/[\\/]/).includes('..')) throw new LocationRefused('path: .. segments are not allowed');
  if (/[\u0000-\u001f]/.test(path)) throw new LocationRefused('path: control characters are not allowed');
  const base = resolve(root);
  const inside = relative(base, resolve(base, path));
  if (inside.startsWith('..') || isAbsolute(inside)) throw new LocationRefused(`path: must lie under the source root ${base}`);
  return inside.split(sep).join('/');
}

/** The text PackageData.sourceLocation carries: where the source comes from, never a credential. */
export function describeLocation(location: StoredSourceLocation): string {
  if (location.type === 'directory') return `directory:${location.path === '' ? '.' : location.path}`;
  return `${location.endpoint.replace(/\/+$/, '')}/${location.bucket}/${location.prefix}`;
}
