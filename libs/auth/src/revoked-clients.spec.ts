import { ClientRevocation, credentialStatus, revokedClientsFrom } from './revoked-clients';

const blocked = (id: string): ClientRevocation => ({ id, blocked: true, keyGeneration: 0 });

describe('revokedClientsFrom', () => {
  it('reads the revocations once per refresh interval, however many requests ask', async () => {
    let reads = 0;
    let rows = [blocked('a')];
    const list = revokedClientsFrom(async () => {
      reads += 1;
      return rows;
    }, 50);
    expect(await Promise.all([list.statusOf('a', 0), list.statusOf('b', 0), list.statusOf('a', 5)])).toEqual(['blocked', 'valid', 'blocked']);
    expect(reads).toBe(1);
    rows = [blocked('b')];
    expect(await list.statusOf('b', 0)).toBe('valid');
    await new Promise((done) => setTimeout(done, 60));
    expect(await list.statusOf('b', 0)).toBe('blocked');
    expect(await list.statusOf('a', 0)).toBe('valid');
    expect(reads).toBe(2);
  });

  it('supersedes the tokens of a re-keyed client older than its current key generation only', async () => {
    const list = revokedClientsFrom(async () => [{ id: 'rekeyed', blocked: false, keyGeneration: 2 }], 50);
    expect(await list.statusOf('rekeyed', 1)).toBe('superseded');
    expect(await list.statusOf('rekeyed', 2)).toBe('valid');
    expect(await list.statusOf('rekeyed', 3)).toBe('valid');
  });

  it('lets a failed read fail the request and tries again on the next', async () => {
    let fail = true;
    const list = revokedClientsFrom(async () => {
      if (fail) throw new Error('database down');
      return [blocked('a')];
    }, 50);
    await expect(list.statusOf('a', 0)).rejects.toThrow('database down');
    fail = false;
    await expect(list.statusOf('a', 0)).resolves.toBe('blocked');
  });
});

describe('credentialStatus', () => {
  it('puts a block before any generation', () => {
    expect(credentialStatus({ blocked: true, keyGeneration: 0 }, 9)).toBe('blocked');
    expect(credentialStatus(undefined, 0)).toBe('valid');
  });
});
