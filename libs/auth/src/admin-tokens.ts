import { AdminRole, isAdminRole } from './roles';
import { digestOfHashedSetting, digestsEqual, isHashedSetting, sha256 } from './secret-hash';

export const ADMIN_TOKENS_VARIABLE = 'SDP_ADMIN_TOKENS';
/** Local-only token; services refuse to start with it under NODE_ENV=production. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';
export const DEFAULT_ADMIN_TOKENS = `${DEV_ADMIN_TOKEN}:admin:dev-admin`;

export interface AdminIdentity {
  readonly role: AdminRole;
  readonly name: string;
}

interface AdminTokenEntry extends AdminIdentity {
  readonly digest: Buffer;
}

/** Holds only sha256 digests of the configured tokens, never the tokens. */
export class AdminTokenRegistry {
  private readonly entries: readonly AdminTokenEntry[];

  constructor(entries: readonly AdminTokenEntry[]) {
    this.entries = entries;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Compares against every entry without stopping early, so timing does not tell which one matched. */
  authenticate(token: string): AdminIdentity | undefined {
    const presented = sha256(token);
    let match: AdminIdentity | undefined;
    for (const entry of this.entries) {
      if (digestsEqual(presented, entry.digest) && !match) {
        match = { role: entry.role, name: entry.name };
      }
    }
    return match;
  }
}

function entryError(variableName: string, position: number, total: number, problem: string): Error {
  return new Error(`${variableName} entry ${position} of ${total} is invalid: ${problem}`);
}

function parseEntry(
  rawEntry: string,
  position: number,
  total: number,
  variableName: string,
): AdminTokenEntry {
  const fail = (problem: string): Error => entryError(variableName, position, total, problem);
  const [tokenPart, rolePart, ...nameParts] = rawEntry.split(':');
  if (rolePart === undefined) {
    throw fail('expected token:role[:name] or sha256=<hex>:role[:name]');
  }
  const role = rolePart.trim();
  if (!isAdminRole(role)) {
    throw fail('role must be admin, operator or viewer');
  }
  const token = tokenPart.trim();
  let digest: Buffer | undefined;
  if (isHashedSetting(token)) {
    digest = digestOfHashedSetting(token);
    if (!digest) {
      throw fail('sha256= must be followed by 64 hex digits');
    }
  } else if (token.length === 0 || /\s/.test(token)) {
    throw fail('the token is empty or contains whitespace');
  } else {
    digest = sha256(token);
  }
  const name = nameParts.join(':').trim() || `${role}-${position}`;
  return { digest, role, name };
}

/**
 * Parses `token:role[:name]` and `sha256=<hex>:role[:name]` entries separated by commas. Unset or
 * blank means the local default. Errors name the variable and the entry's position, never its text,
 * because a malformed entry may still hold a real token.
 */
export function parseAdminTokens(
  setting: string | undefined,
  variableName: string = ADMIN_TOKENS_VARIABLE,
): AdminTokenRegistry {
  const effective = setting?.trim() ? setting : DEFAULT_ADMIN_TOKENS;
  const rawEntries = effective.split(',');
  const entries: AdminTokenEntry[] = [];
  rawEntries.forEach((rawEntry, index) => {
    if (rawEntry.trim() === '') {
      return;
    }
    const position = index + 1;
    const entry = parseEntry(rawEntry, position, rawEntries.length, variableName);
    const earlier = entries.findIndex((existing) => digestsEqual(existing.digest, entry.digest));
    if (earlier >= 0) {
      throw entryError(variableName, position, rawEntries.length, 'the same token appears in an earlier entry');
    }
    entries.push(entry);
  });
  if (entries.length === 0) {
    throw new Error(`${variableName} holds no token entries`);
  }
  return new AdminTokenRegistry(entries);
}

export function loadAdminTokens(env: NodeJS.ProcessEnv): AdminTokenRegistry {
  return parseAdminTokens(env[ADMIN_TOKENS_VARIABLE]);
}
