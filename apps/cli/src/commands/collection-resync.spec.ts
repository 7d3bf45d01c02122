import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { DEFAULT_SETTINGS } from '../core/settings';
import { COMMANDS } from '.';
import { helpText } from '../core/help';
import { inputOf } from '../test-support/values-of';
import { resyncPath } from './collection-options';

const resyncCommand = COMMANDS.find((command) => command.words.join(' ') === 'collection resync')!;

/** Runs `sdp collection resync ...` against a targeting that answers every request with `answer`. */
async function runResync(argv: string[], answer: unknown) {
  const requested: { method: string; url: string }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    requested.push({ method: String(init.method), url: String(url) });
    return new Response(JSON.stringify(answer), { status: 202, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  let printed = '';
  const terminal: Terminal = { write: (text) => void (printed += text), isTTY: false };
  const settings = { ...DEFAULT_SETTINGS, token: 'secret-token' };
  const context: CommandContext = {
    api: new ApiClient(settings, fetchImpl),
    settings,
    json: false,
    env: {},
    stdout: terminal,
    stderr: terminal,
    signal: new AbortController().signal,
  };
  await resyncCommand.run(context, inputOf(['collection', 'resync', ...argv]));
  return { printed, requested };
}

describe('sdp collection resync', () => {
  it('asks targeting for a snapshot of one collection, its ID upper-cased', async () => {
    const { printed, requested } = await runResync(['s0100003'], { collectionId: 'S0100003', membershipVersion: 0, memberCount: 0, parts: 1 });

    expect(requested).toEqual([{ method: 'POST', url: 'http://127.0.0.1:3003/api/v1/collections/S0100003/snapshot' }]);
    expect(printed).toContain('S0100003');
    expect(printed).toContain('snapshot of S0100003 queued');
  });

  it('asks for a snapshot of every collection with --all and lists them', async () => {
    const items = [
      { collectionId: 'S0100003', membershipVersion: 4, memberCount: 2, parts: 1 },
      { collectionId: 'SMS00001', membershipVersion: 9, memberCount: 12, parts: 1 },
    ];
    const { printed, requested } = await runResync(['--all'], { items });

    expect(requested).toEqual([{ method: 'POST', url: 'http://127.0.0.1:3003/api/v1/collections/snapshot' }]);
    expect(printed).toMatch(/SMS00001 +9 +12 +1/);
    expect(printed).toContain('snapshots of 2 collections queued');
  });

  it('needs exactly one of a collection ID and --all', () => {
    expect(() => resyncPath(inputOf(['collection', 'resync']).args, inputOf(['collection', 'resync']).values)).toThrow('give a collection ID or --all');
    const both = inputOf(['collection', 'resync', 'S0100003', '--all']);
    expect(() => resyncPath(both.args, both.values)).toThrow('give a collection ID or --all, not both');
    const slash = inputOf(['collection', 'resync', 'a/b']);
    expect(resyncPath(slash.args, slash.values)).toBe('/api/v1/collections/A%2FB/snapshot');
  });

  it('is in sdp help', () => {
    expect(helpText(COMMANDS, ['collection'])).toContain('sdp collection resync [ID] | --all');
    expect(helpText(COMMANDS, ['collection', 'resync'])).toMatch(/--all\s+every collection/);
  });
});
