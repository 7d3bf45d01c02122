import type { ClientData } from '@sdp/contracts';
import { ApiClient } from '../core/api-client';
import type { CommandContext, Terminal } from '../core/command';
import { errorLine, exitCodeOf } from '../core/errors';
import { helpText } from '../core/help';
import { DEFAULT_SETTINGS } from '../core/settings';
import { inputOf } from '../test-support/values-of';
import { COMMANDS } from '.';
import { AmbiguousClientError, clientNames, resolveClient } from './client-ref';
import { clientListQuery, timeOrAge } from './client-options';

const ID = '0190c6a3-7f1e-7000-8000-000000000001';
const OTHER = '0190c6a3-7f1e-7000-8000-000000000002';

export function client(overrides: Partial<ClientData> = {}): ClientData {
  return {
    id: ID,
    name: 'ws-0042',
    hardwareId: 'HW-42',
    domain: 'corp.example.com',
    os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
    siteCode: 'S01',
    ipAddresses: ['10.1.4.42'],
    inventory: {},
    approved: true,
    blocked: false,
    keyGeneration: 0,
    conflictsWith: null,
    registeredAt: '2026-03-01T08:00:00.000Z',
    lastSeenAt: '2026-03-02T08:00:00.000Z',
    updatedAt: '2026-03-02T08:00:00.000Z',
    ...overrides,
  } as ClientData;
}

type Answer = { status: number; body: unknown };

/** A CLI context whose services answer each request with `answer(method, url)`; what was asked and printed. */
function fakeContext(answer: (method: string, url: URL) => Answer) {
  const requested: string[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    requested.push(`${String(init.method)} ${url.pathname}${url.search}`);
    const { status, body } = answer(String(init.method), url);
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  const out = { stdout: '', stderr: '' };
  const terminal = (stream: 'stdout' | 'stderr'): Terminal => ({ write: (text) => void (out[stream] += text), isTTY: false });
  const settings = { ...DEFAULT_SETTINGS, token: 'secret-token' };
  const context: CommandContext = {
    api: new ApiClient(settings, fetchImpl),
    settings,
    json: false,
    env: {},
    stdout: terminal('stdout'),
    stderr: terminal('stderr'),
    signal: new AbortController().signal,
  };
  return { context, requested, out };
}

const ambiguous: Answer = {
  status: 409,
  body: {
    statusCode: 409,
    error: 'Conflict',
    code: 'CLIENT_NAME_AMBIGUOUS',
    message: '2 clients are named "ws-0042"',
    candidates: [
      { id: ID, name: 'ws-0042', os: { name: 'windows', version: '10.0.19045', arch: 'x64' }, siteCode: 'S01', lastSeenAt: '2026-03-02T08:00:00.000Z' },
      { id: OTHER, name: 'WS-0042', os: { name: 'linux', version: '6.8.0', arch: 'x64' }, siteCode: 'S02', lastSeenAt: '2026-02-01T08:00:00.000Z' },
    ],
  },
};

describe('the client resolver', () => {
  it('asks targeting which client a name or an ID means', async () => {
    const { context, requested } = fakeContext(() => ({ status: 200, body: client() }));
    expect((await resolveClient(context, 'WS-0042')).id).toBe(ID);
    expect(requested).toEqual(['GET /api/v1/clients/resolve?ref=WS-0042']);
  });

  it('refuses an ambiguous name with exit 1, listing each candidate with name, ID, OS, site and last seen', async () => {
    const { context, out } = fakeContext(() => ambiguous);
    const error = await resolveClient(context, 'ws-0042').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmbiguousClientError);
    expect(exitCodeOf(error)).toBe(1);
    expect(errorLine(error)).toBe('sdp: 2 computers are named "ws-0042" (listed above): give the ID of the one you mean');
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+ID\s+OS\s+SITE\s+LAST SEEN$/);
    expect(lines[1]).toMatch(new RegExp(`^ws-0042\\s+${ID}\\s+windows 10.0.19045 x64\\s+S01\\s+2026-03-02T08:00:00.000Z$`));
    expect(lines[2]).toMatch(new RegExp(`^WS-0042\\s+${OTHER}\\s+linux 6.8.0 x64\\s+S02`));
    expect(out.stdout).toBe('');
  });

  it('passes an unknown name on as the service said it', async () => {
    const { context, out } = fakeContext(() => ({ status: 404, body: { statusCode: 404, error: 'Not Found', code: 'CLIENT_NOT_FOUND', message: 'no client is named "nope"' } }));
    await expect(resolveClient(context, 'nope')).rejects.toThrow('404 Not Found: no client is named "nope"');
    expect(out.stderr).toBe('');
  });

  it('asks for the names of a table in batches of 200 IDs, never one request per row', async () => {
    const ids = Array.from({ length: 450 }, (_, index) => `0190c6a3-7f1e-7000-8000-${String(index).padStart(12, '0')}`);
    const { context, requested } = fakeContext((_method, url) => {
      const asked = url.searchParams.get('ids')!.split(',');
      return { status: 200, body: { items: asked.slice(1).map((id) => client({ id, name: `n-${id.slice(-3)}` })), nextCursor: null } };
    });
    const names = await clientNames(context.api, [...ids, ...ids]);
    expect(requested).toHaveLength(3);
    expect(requested[0]).toContain('limit=200');
    expect(names.get(ids[1])).toBe('n-001');
    expect(names.has(ids[0])).toBe(false);
    expect(names.size).toBe(447);
    expect(await clientNames(context.api, [])).toEqual(new Map());
    expect(requested).toHaveLength(3);
  });
});

describe('commands that take a client', () => {
  const run = async (argv: string[], answer: (method: string, url: URL) => Answer) => {
    const fake = fakeContext(answer);
    const spec = COMMANDS.find((command) => command.words.every((word, index) => argv[index] === word))!;
    const error = await spec.run(fake.context, inputOf(argv)).then(() => undefined, (caught: unknown) => caught);
    return { ...fake, error };
  };

  it('approve, block, delete and explain resolve a name first and then act on the ID', async () => {
    const answer = (method: string, url: URL): Answer => {
      if (url.pathname.endsWith('/resolve')) return { status: 200, body: client() };
      if (url.pathname.endsWith('/explain')) return { status: 200, body: { collectionId: 'S0100001', clientId: ID, member: true, storedMember: true, limiting: null, rules: [{ rule: { type: 'direct', clientId: ID }, matched: true, effect: 'adds' }], reason: 'added' } };
      if (url.pathname === '/api/v1/clients') return { status: 200, body: { items: [], nextCursor: null } };
      return { status: method === 'DELETE' ? 204 : 200, body: method === 'DELETE' ? undefined : client({ blocked: true }) };
    };
    expect((await run(['client', 'block', 'ws-0042'], answer)).requested).toEqual(['GET /api/v1/clients/resolve?ref=ws-0042', `PATCH /api/v1/clients/${ID}`]);
    const deleted = await run(['client', 'delete', 'ws-0042'], answer);
    expect(deleted.requested).toEqual(['GET /api/v1/clients/resolve?ref=ws-0042', `DELETE /api/v1/clients/${ID}`]);
    expect(deleted.out.stdout).toBe(`deleted client ws-0042 (${ID})\n`);
    const explained = await run(['collection', 'explain', 'S0100001', '--client', 'ws-0042'], answer);
    expect(explained.requested.slice(0, 2)).toEqual(['GET /api/v1/clients/resolve?ref=ws-0042', `GET /api/v1/collections/S0100001/explain?clientId=${ID}`]);
    expect(explained.out.stdout).toMatch(new RegExp(`^Client\\s+ws-0042 \\(${ID}\\)$`, 'm'));
    expect(explained.out.stdout).toMatch(new RegExp(`client ws-0042 \\(${ID}\\)\\s+yes\\s+adds`));
  });

  it('stops before acting when the name is ambiguous', async () => {
    const result = await run(['client', 'approve', 'ws-0042'], () => ambiguous);
    expect(result.error).toBeInstanceOf(AmbiguousClientError);
    expect(result.requested).toEqual(['GET /api/v1/clients/resolve?ref=ws-0042']);
  });

  it('collection add-member asks the service to add direct rules for the clients named, in one change', async () => {
    const rules = [{ type: 'query', name: 'q', expression: "os.name = 'linux'" }, { type: 'direct', clientId: OTHER }];
    const bodies: unknown[] = [];
    const collection = { id: 'S0100001', name: 'C', comment: '', builtIn: false, limitingCollectionId: 'SMS00001', parentCollectionId: null, rules, refresh: { incremental: true, fullEveryMinutes: 1440 }, maintenanceWindows: [], createdAt: '', updatedAt: '', membershipVersion: 1 };
    const fake = fakeContext((method, url) => {
      if (url.pathname.endsWith('/resolve')) return { status: 200, body: client({ id: url.searchParams.get('ref') === 'other' ? OTHER : ID }) };
      if (url.pathname === '/api/v1/clients') return { status: 200, body: { items: [client(), client({ id: OTHER, name: 'other' })], nextCursor: null } };
      return { status: 200, body: collection };
    });
    const spy = jest.spyOn(fake.context.api, 'patch').mockImplementation(async (_service, _path, body) => {
      bodies.push(body);
      return collection;
    });
    const spec = COMMANDS.find((command) => command.words.join(' ') === 'collection add-member')!;
    await spec.run(fake.context, inputOf(['collection', 'add-member', 's0100001', 'ws-0042', 'other']));
    expect(bodies).toEqual([{ add: [ID, OTHER] }]);
    expect(spy).toHaveBeenCalledWith('targeting', '/api/v1/collections/S0100001/direct-members', expect.anything());
    expect(fake.out.stdout).toContain(`client other (${OTHER})`);
  });
});

describe('sdp collection remove-member', () => {
  it('drops the direct rules of the clients named, keeps the others, and refuses a client without one', async () => {
    const rules = [{ type: 'query', name: 'q', expression: "os.name = 'linux'" }, { type: 'direct', clientId: OTHER }, { type: 'direct', clientId: ID }];
    const collection = { id: 'S0100001', name: 'C', comment: '', builtIn: false, limitingCollectionId: 'SMS00001', parentCollectionId: null, rules, refresh: { incremental: true, fullEveryMinutes: 1440 }, maintenanceWindows: [], createdAt: '', updatedAt: '', membershipVersion: 1 };
    const run = async (refs: string[], current: typeof collection) => {
      const fake = fakeContext((_method, url) => {
        if (url.pathname.endsWith('/resolve')) return { status: 200, body: client({ id: url.searchParams.get('ref') === 'other' ? OTHER : ID }) };
        if (url.pathname === '/api/v1/clients') return { status: 200, body: { items: [], nextCursor: null } };
        return { status: 200, body: current };
      });
      const bodies: unknown[] = [];
      jest.spyOn(fake.context.api, 'patch').mockImplementation(async (_service, _path, body) => {
        bodies.push(body);
        return current;
      });
      const spec = COMMANDS.find((command) => command.words.join(' ') === 'collection remove-member')!;
      const error = await spec.run(fake.context, inputOf(['collection', 'remove-member', 'S0100001', ...refs])).then(() => undefined, (caught: unknown) => caught);
      return { bodies, error };
    };
    expect((await run(['ws-0042'], collection)).bodies).toEqual([{ remove: [ID] }]);
    const refused = await run(['other', 'ws-0042'], { ...collection, rules: rules.slice(0, 1) });
    expect(refused.bodies).toEqual([]);
    expect((refused.error as Error).message).toBe(`collection S0100001 has no direct rule for ws-0042 (${OTHER}), ws-0042 (${ID})`);
  });
});

describe('sdp client show', () => {
  const show = async (advertisements: Answer) => {
    const fake = fakeContext((_method, url) => {
      if (url.pathname.endsWith('/resolve')) return { status: 200, body: client() };
      if (url.pathname.endsWith('/collections')) return { status: 200, body: { items: [] } };
      return advertisements;
    });
    fake.context.json = true;
    const spec = COMMANDS.find((command) => command.words.join(' ') === 'client show')!;
    await spec.run(fake.context, inputOf(['client', 'show', 'ws-0042']));
    return { ...fake, document: JSON.parse(fake.out.stdout) as { client: { id: string }; advertisements: unknown; advertisementsUnavailable: string | null } };
  };

  it('reads the client, then its collections and advertisements by its ID', async () => {
    const { requested, document } = await show({ status: 200, body: { clientId: ID, items: [{ advertisementId: 'S0100001' }] } });
    expect(requested.sort()).toEqual(['GET /api/v1/clients/resolve?ref=ws-0042', `GET /api/v1/clients/${ID}/advertisements`, `GET /api/v1/clients/${ID}/collections`].sort());
    expect(document).toMatchObject({ client: { id: ID }, advertisements: [{ advertisementId: 'S0100001' }], advertisementsUnavailable: null });
  });

  it('shows the rest when the advertisement service is older or does not know the computer yet, and fails on other errors', async () => {
    const older = await show({ status: 404, body: { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'Cannot GET /api/v1/clients/x/advertisements' } });
    expect(older.document).toMatchObject({ advertisements: null, advertisementsUnavailable: expect.stringContaining('is older') });
    const unknown = await show({ status: 404, body: { statusCode: 404, error: 'Not Found', code: 'CLIENT_NOT_FOUND', message: 'client x is not known (yet)' } });
    expect(unknown.document).toMatchObject({ advertisements: null, advertisementsUnavailable: expect.stringContaining('does not know this computer yet') });
    await expect(show({ status: 500, body: { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'internal error' } })).rejects.toThrow('500');
  });
});

describe('sdp client list options', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('turns each option into the list parameter', () => {
    const { values } = inputOf([
      'client', 'list', '--name', 'ws', '--os', 'linux', '--collection', 's0100001', '--site', 's01',
      '--last-seen-after', '2026-03-01T00:00Z', '--last-seen-before', '7d', '--approval', 'pending', '--sort', 'last-seen', '--desc',
    ]);
    expect(clientListQuery(values, now)).toEqual({
      name: 'ws',
      os: 'linux',
      collectionId: 'S0100001',
      siteCode: 'S01',
      lastSeenAfter: '2026-03-01T00:00:00Z',
      lastSeenBefore: '2026-03-03T12:00:00.000Z',
      approval: 'pending',
      query: undefined,
      sort: 'lastSeenAt',
      order: 'desc',
    });
    expect(clientListQuery(inputOf(['client', 'list', '--sort', 'site']).values)).toMatchObject({ sort: 'siteCode', order: undefined });
  });

  it('refuses values none of the options allows, naming the option (exit 2)', () => {
    for (const [option, value] of [['os', 'beos'], ['approval', 'yes'], ['sort', 'colour'], ['last-seen-after', 'yesterday']]) {
      let caught: unknown;
      try {
        clientListQuery(inputOf(['client', 'list', `--${option}`, value]).values);
      } catch (error) {
        caught = error;
      }
      expect(exitCodeOf(caught)).toBe(2);
      expect((caught as Error).message).toContain(`--${option}`);
    }
  });

  it('reads ages as time back from now', () => {
    expect(timeOrAge('30m', 'x', now)).toBe('2026-03-10T11:30:00.000Z');
    expect(timeOrAge('12h', 'x', now)).toBe('2026-03-10T00:00:00.000Z');
    expect(timeOrAge('2026-03-01T00:00:00+01:00', 'x', now)).toBe('2026-03-01T00:00:00+01:00');
  });

  it('pages with --limit and says the --cursor of the rest', async () => {
    const fake = fakeContext((_method, url) => ({ status: 200, body: { items: [client()], nextCursor: url.searchParams.get('cursor') === null ? 'c2' : null } }));
    const spec = COMMANDS.find((command) => command.words.join(' ') === 'client list')!;
    await spec.run(fake.context, inputOf(['client', 'list', '--limit', '1', '--name', 'ws', '--sort', 'name']));
    expect(fake.requested).toEqual(['GET /api/v1/clients?name=ws&sort=name&limit=1']);
    expect(fake.out.stdout.split('\n')[0]).toMatch(/^NAME\s+ID\s+OS/);
    expect(fake.out.stdout).toContain('more: the same command with --cursor c2');
    const next = fakeContext(() => ({ status: 200, body: { items: [client()], nextCursor: null } }));
    await spec.run(next.context, inputOf(['client', 'list', '--limit', '1', '--cursor', 'c2']));
    expect(next.requested).toEqual(['GET /api/v1/clients?limit=1&cursor=c2']);
    expect(next.out.stdout).not.toContain('more:');
  });

  it('says in help that commands take a name or an ID', () => {
    expect(helpText(COMMANDS, ['client'])).toContain('sdp client show NAME|ID');
    expect(helpText(COMMANDS, ['collection'])).toContain('sdp collection add-member ID CLIENT...');
    expect(helpText(COMMANDS, ['client', 'list'])).toMatch(/--last-seen-before TIME/);
  });
});
