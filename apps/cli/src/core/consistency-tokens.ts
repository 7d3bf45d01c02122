import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ServiceKey } from './settings';

/**
 * The services' read-your-writes header: a write answers with a token naming the events it caused,
 * and a later request that carries it waits until the service it asks has applied them. Items are
 * `topic~subject~sequence`, comma-separated (defined by the services, @sdp/messaging); this client
 * only keeps and returns them.
 */
export const CONSISTENCY_HEADER = 'sdp-consistency';

/** Tokens older than this are not sent any more: their events have long been applied. */
export const TOKEN_LIFETIME_MS = 60_000;

/** The services accept at most 256 items per request. */
const MAX_ITEMS = 256;

interface StoredToken {
  /** One `topic~subject~sequence` item. */
  item: string;
  /** When it was received, ms since the epoch. */
  at: number;
  /** The service URLs it came from: a token of one system means nothing to another. */
  system: string;
}

/** The state file next to the config file: tokens outlive one `sdp` invocation, so `create` then `use` works. */
export function consistencyTokensPath(configPath: string): string {
  return join(dirname(configPath), 'consistency-tokens.json');
}

/**
 * The tokens of recent writes, kept for TOKEN_LIFETIME_MS in a small state file. Best effort: a
 * file that cannot be read or written only means requests do not wait; a command never fails for it.
 */
export class ConsistencyTokens {
  private readonly system: string;

  constructor(
    private readonly path: string,
    urls: Record<ServiceKey, string>,
    private readonly now: () => number = Date.now,
  ) {
    this.system = Object.values(urls).join(' ');
  }

  /** The header value for the next request, or undefined when no recent write is known. */
  header(): string | undefined {
    const items = this.read()
      .filter((token) => token.system === this.system)
      .map((token) => token.item);
    return items.length > 0 ? items.join(',') : undefined;
  }

  /** Keeps the items of a write's answer (the header value, or null when it had none). */
  remember(header: string | null | undefined): void {
    const items = (header ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) return;
    const at = this.now();
    const received = items.map((item) => ({ item, at, system: this.system }));
    // The newest item per aggregate (topic~subject) wins; the newest MAX_ITEMS are kept.
    const byAggregate = new Map<string, StoredToken>();
    for (const token of [...this.read(), ...received]) {
      byAggregate.set(`${token.system} ${token.item.slice(0, token.item.lastIndexOf('~'))}`, token);
    }
    const kept = [...byAggregate.values()].sort((left, right) => right.at - left.at).slice(0, MAX_ITEMS);
    this.write(kept);
  }

  private read(): StoredToken[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
      const tokens = (parsed as { tokens?: unknown }).tokens;
      if (!Array.isArray(tokens)) return [];
      const oldest = this.now() - TOKEN_LIFETIME_MS;
      return tokens.filter(
        (token): token is StoredToken =>
          typeof token?.item === 'string' && typeof token.at === 'number' && typeof token.system === 'string' && token.at >= oldest,
      );
    } catch {
      return [];
    }
  }

  private write(tokens: StoredToken[]): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      // Written aside and renamed: an `sdp` running at the same time never reads half a file.
      const aside = `${this.path}.${process.pid}.tmp`;
      writeFileSync(aside, `${JSON.stringify({ tokens })}\n`, { mode: 0o600 });
      renameSync(aside, this.path);
    } catch {
      // Best effort (read-only home, full disk): the next request just does not wait.
    }
  }
}
