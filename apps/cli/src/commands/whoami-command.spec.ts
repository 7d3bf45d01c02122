import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { whoamiCommand, whoamiView } from './whoami-command';

/** Runs `sdp whoami` against a catalog that answers GET /api/v1/me with `me`; gives what it printed and asked. */
async function runWhoami(json: boolean, me: unknown) {
  const requested: { url: string; authorization: string }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    requested.push({ url: String(url), authorization: (init.headers as Record<string, string>).authorization });
    return new Response(JSON.stringify(me), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  let printed = '';
  const terminal: Terminal = { write: (text) => void (printed += text), isTTY: false };
  const settings = { ...DEFAULT_SETTINGS, token: 'secret-token' };
  const context: CommandContext = {
    api: new ApiClient(settings, fetchImpl),
    settings,
    json,
    env: {},
    stdout: terminal,
    stderr: terminal,
    signal: new AbortController().signal,
  };
  await whoamiCommand.run(context, inputOf(['whoami', ...(json ? ['--json'] : [])]));
  return { printed, requested };
}

describe('sdp whoami', () => {
  it("asks the catalog's /api/v1/me with the token and prints the role and name", async () => {
    const { printed, requested } = await runWhoami(false, { kind: 'admin', role: 'operator', name: 'ops-team' });

    expect(requested).toEqual([{ url: 'http://127.0.0.1:3001/api/v1/me', authorization: 'Bearer secret-token' }]);
    expect(printed).toBe('Role  operator\nName  ops-team\n');
    expect(printed).not.toContain('secret-token');
  });

  it("prints the API's JSON with --json", async () => {
    const { printed } = await runWhoami(true, { kind: 'admin', role: 'viewer', name: 'viewer-3' });

    expect(JSON.parse(printed)).toEqual({ kind: 'admin', role: 'viewer', name: 'viewer-3' });
  });

  it('shows a dash when the token has no name', () => {
    expect(whoamiView({ kind: 'admin', role: 'admin' })).toBe('Role  admin\nName  -');
  });
});
