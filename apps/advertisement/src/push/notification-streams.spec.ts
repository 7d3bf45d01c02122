import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { NotificationStreams, PUSHED_POLICY_MAX_BYTES } from './notification-streams';

const ALICE = '11111111-1111-4111-8111-111111111111';
const BOB = '22222222-2222-4222-8222-222222222222';

/** An SSE response that records what is written to it and whether it was ended. */
class RecordedResponse extends EventEmitter {
  readonly written: string[] = [];
  ended = false;
  writeHead(): this {
    return this;
  }
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
  end(): this {
    this.ended = true;
    this.emit('close');
    return this;
  }
  /** The data of each policy-changed event written. */
  policyEvents(): Record<string, unknown>[] {
    return this.written.filter((text) => text.startsWith('event: policy-changed\n')).map((text) => JSON.parse(text.split('\ndata: ')[1]));
  }
}

/** Token "good-X" is valid for client X; every other token is refused (expired, revoked, the client blocked). */
function streams(policies: Record<string, { etag: string; body: unknown }>) {
  const notified: number[] = [];
  const tokens = {
    verify: async (token: string) => (token.startsWith('good-') ? { ok: true, claims: { sub: token.slice('good-'.length) } } : { ok: false, reason: 'revoked' }),
  };
  const service = new NotificationStreams(
    { PUSH_HEARTBEAT_SECONDS: 25, PUSH_RETRY_MS: 1000 } as never,
    { opened: () => undefined, closed: () => undefined, notified: (count: number) => notified.push(count) } as never,
    tokens as never,
    { get: () => undefined } as never,
    // The service's policies as JSON text, for the clients connected here only.
    {
      pushablePolicies: async (changes: readonly { clientId: string }[], wanted: (clientId: string) => boolean) =>
        new Map(
          changes
            .filter(({ clientId }) => policies[clientId] && wanted(clientId))
            .map(({ clientId }) => [clientId, { etag: policies[clientId].etag, json: JSON.stringify(policies[clientId].body) }]),
        ),
    } as never,
  );
  const open = (clientId: string, token: string) => {
    const response = new RecordedResponse();
    service.open(clientId, token, response as unknown as Response);
    return response;
  };
  return { service, open, notified };
}

describe('NotificationStreams: policy-changed events', () => {
  it("carries the client's current policy with its ETag to a client whose token is still good", async () => {
    const { service, open, notified } = streams({ [ALICE]: { etag: '"p-2"', body: { advertisements: [] } } });
    const alice = open(ALICE, `good-${ALICE}`);
    await service.notify([{ clientId: ALICE, etag: '"p-2"' }]);
    expect(alice.policyEvents()).toEqual([{ etag: '"p-2"', policy: { advertisements: [] } }]);
    expect(alice.ended).toBe(false);
    expect(notified).toEqual([1]);
  });

  it('sends no policy to a stream whose token is refused now (blocked or revoked since it opened), or names another client: it ends the stream', async () => {
    const { service, open, notified } = streams({ [ALICE]: { etag: '"a"', body: { secret: 'alice' } }, [BOB]: { etag: '"b"', body: { secret: 'bob' } } });
    const revoked = open(ALICE, 'revoked-token');
    const someoneElses = open(BOB, `good-${ALICE}`);
    await service.notify([
      { clientId: ALICE, etag: '"a"' },
      { clientId: BOB, etag: '"b"' },
    ]);
    for (const response of [revoked, someoneElses]) {
      expect(response.policyEvents()).toEqual([]);
      expect(response.written.join('')).not.toContain('secret');
      expect(response.ended).toBe(true);
    }
    expect(notified).toEqual([0]);
    expect(service.size).toBe(0);
  });

  it('sends the ETag alone when no policy is current or it is too big to push: the agent fetches', async () => {
    const big = { blob: 'x'.repeat(PUSHED_POLICY_MAX_BYTES) };
    const { service, open } = streams({ [BOB]: { etag: '"big"', body: big } });
    const alice = open(ALICE, `good-${ALICE}`);
    const bob = open(BOB, `good-${BOB}`);
    await service.notify([
      { clientId: ALICE, etag: '"new"' },
      { clientId: BOB, etag: '"big"' },
    ]);
    expect(alice.policyEvents()).toEqual([{ etag: '"new"' }]);
    expect(bob.policyEvents()).toEqual([{ etag: '"big"' }]);
  });

  it('writes notifications in the order they came, each after the one before', async () => {
    const { service, open } = streams({ [ALICE]: { etag: '"p-1"', body: { n: 1 } } });
    const alice = open(ALICE, `good-${ALICE}`);
    const first = service.notify([{ clientId: ALICE, etag: '"p-1"' }]);
    const everyone = service.notifyAll();
    await Promise.all([first, everyone]);
    expect(alice.policyEvents()).toEqual([{ etag: '"p-1"', policy: { n: 1 } }, {}]);
  });
});
