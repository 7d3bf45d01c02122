import type { OptionSpec, OptionValues } from '../core/command';
import type { Query } from '../core/api-client';
import { UsageError } from '../core/errors';
import { flag, oneOf, text, timestamp } from '../core/values';

const SORTS = { name: 'name', os: 'os', site: 'siteCode', 'last-seen': 'lastSeenAt', registered: 'registeredAt' } as const;
const SORT_NAMES = Object.keys(SORTS) as (keyof typeof SORTS)[];

export const CLIENT_LIST_OPTIONS: Record<string, OptionSpec> = {
  name: { type: 'string', value: 'TEXT', help: 'names containing TEXT, without regard to case' },
  os: { type: 'string', value: 'OS', help: 'windows, linux or macos' },
  collection: { type: 'string', value: 'ID', help: 'members of this collection' },
  site: { type: 'string', value: 'CODE', help: 'clients of this site, e.g. S01' },
  'last-seen-after': { type: 'string', value: 'TIME', help: 'seen at or after TIME: ISO-8601 with offset, or an age such as 30m, 12h, 7d' },
  'last-seen-before': { type: 'string', value: 'TIME', help: 'not seen since TIME (ISO-8601 or an age: 7d = silent for a week)' },
  approval: { type: 'string', value: 'STATE', help: 'approved, pending or blocked' },
  query: { type: 'string', value: 'EXPR', help: "a query expression, e.g. \"os.name = 'linux' AND inventory.department = 'HR'\"" },
  sort: { type: 'string', value: 'COLUMN', help: `${SORT_NAMES.join(', ')} (default: ID)` },
  desc: { type: 'boolean', help: 'sort descending' },
  limit: { type: 'string', value: 'N', help: 'at most N clients; the output ends with the --cursor of the rest' },
  cursor: { type: 'string', value: 'C', help: 'go on where a list cut short by --limit stopped' },
};

const AGE = /^(\d+)([mhd])$/;
const AGE_UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** An ISO-8601 time, `now`, or an age (`7d`, `12h`, `30m`) counted back from `now`. */
export function timeOrAge(raw: string, name: string, now: Date = new Date()): string {
  const age = AGE.exec(raw.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * AGE_UNIT_MS[age[2] as keyof typeof AGE_UNIT_MS]).toISOString();
  try {
    return timestamp(raw, name);
  } catch {
    throw new UsageError(`--${name} must be an ISO-8601 time with offset (2026-03-02T22:00:00Z) or an age such as 30m, 12h, 7d; not ${JSON.stringify(raw)}`);
  }
}

/** The targeting list's query parameters the options give (limit and cursor are the pager's). */
export function clientListQuery(values: OptionValues, now: Date = new Date()): Query {
  const after = text(values, 'last-seen-after');
  const before = text(values, 'last-seen-before');
  const sort = oneOf(values, 'sort', SORT_NAMES);
  return {
    name: text(values, 'name'),
    os: oneOf(values, 'os', ['windows', 'linux', 'macos'] as const),
    collectionId: text(values, 'collection')?.toUpperCase(),
    siteCode: text(values, 'site')?.toUpperCase(),
    lastSeenAfter: after === undefined ? undefined : timeOrAge(after, 'last-seen-after', now),
    lastSeenBefore: before === undefined ? undefined : timeOrAge(before, 'last-seen-before', now),
    approval: oneOf(values, 'approval', ['approved', 'pending', 'blocked'] as const),
    query: text(values, 'query'),
    sort: sort === undefined ? undefined : SORTS[sort],
    order: flag(values, 'desc') ? 'desc' : undefined,
  };
}
