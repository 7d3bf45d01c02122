import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { enrollmentCommands, SHOWN_ONCE_NOTICE } from './enrollment-commands';

interface Request {
  method: string;
  url: string;
  body: unknown;
}

/** Runs one `sdp enrollment ...` command line against a targeting that answers `reply`; gives what it printed and asked. */
async function run(argv: string[], reply: unknown, status = 200) {
  const requested: Request[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    requested.push({ method: String(init.method), url: String(url), body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    return new Response(JSON.stringify(reply), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  let printed = '';
  const terminal: Terminal = { write: (text) => void (printed += text), isTTY: false };
  const context: CommandContext = {
    api: new ApiClient(DEFAULT_SETTINGS, fetchImpl),
    settings: DEFAULT_SETTINGS,
    json: argv.includes('--json'),
    env: {},
    stdout: terminal,
    stderr: terminal,
    signal: new AbortController().signal,
  };
  const command = enrollmentCommands.find((candidate) => candidate.words[1] === argv[1])!;
  await command.run(context, inputOf(argv));
  return { printed, requested };
}

const CREATED = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'berlin',
  secret: 'sdp_enr_AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjjKKK',
  expiresAt: '2027-01-01T00:00:00.000Z',
  approvalRequired: true,
  createdAt: '2026-12-05T20:00:00.000Z',
};

const LISTED = {
  id: CREATED.id,
  name: 'berlin',
  expiresAt: null,
  approvalRequired: true,
  createdAt: CREATED.createdAt,
  createdBy: 'admin-1',
  revokedAt: null,
  lastUsedAt: null,
};

describe('sdp enrollment', () => {
  it('create posts the name, expiry and approval flag and prints the secret once, saying so', async () => {
    const { printed, requested } = await run(['enrollment', 'create', 'berlin', '--expires', '2027-01-01T00:00:00Z', '--approval-required'], CREATED, 201);

    expect(requested).toEqual([
      { method: 'POST', url: 'http://127.0.0.1:3003/api/v1/enrollment-secrets', body: { name: 'berlin', expiresAt: '2027-01-01T00:00:00Z', approvalRequired: true } },
    ]);
    expect(printed).toContain(`Secret             ${CREATED.secret}`);
    expect(printed.split(CREATED.secret)).toHaveLength(2);
    expect(printed).toContain(SHOWN_ONCE_NOTICE);
    expect(printed).toContain('Approval required  yes');
  });

  it('create sends only the name when no option is given', async () => {
    const { requested } = await run(['enrollment', 'create', 'lab'], { ...CREATED, name: 'lab', expiresAt: null, approvalRequired: false }, 201);

    expect(requested[0].body).toEqual({ name: 'lab' });
  });

  it('create --json prints the answer as it came, the secret in it', async () => {
    const { printed } = await run(['enrollment', 'create', 'berlin', '--json'], CREATED, 201);

    expect(JSON.parse(printed)).toEqual(CREATED);
  });

  it('list shows each secret with its state and never a secret', async () => {
    const items = [LISTED, { ...LISTED, id: 'x-2', name: 'old', revokedAt: '2026-12-01T00:00:00.000Z' }, { ...LISTED, id: 'x-3', name: 'gone', expiresAt: '2020-01-01T00:00:00.000Z' }];
    const { printed, requested } = await run(['enrollment', 'list'], { items, nextCursor: null });

    expect(requested[0].url).toBe('http://127.0.0.1:3003/api/v1/enrollment-secrets?limit=500');
    const lines = printed.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+STATE\s+APPROVAL\s+EXPIRES\s+CREATED\s+BY\s+LAST USED$/);
    expect(lines[1]).toMatch(/berlin\s+active\s+required\s+never/);
    expect(lines[2]).toMatch(/old\s+revoked 2026-12-01T00:00:00.000Z/);
    expect(lines[3]).toMatch(/gone\s+expired/);
  });

  it('revoke deletes by ID or name, the name path-encoded', async () => {
    const { printed, requested } = await run(['enrollment', 'revoke', 'berlin/office'], { ...LISTED, revokedAt: '2026-12-05T20:10:00.000Z' });

    expect(requested).toEqual([{ method: 'DELETE', url: 'http://127.0.0.1:3003/api/v1/enrollment-secrets/berlin%2Foffice', body: undefined }]);
    expect(printed).toBe(`enrollment secret berlin (${CREATED.id}) revoked at 2026-12-05T20:10:00.000Z; it enrolls no more clients\n`);
  });
});
