import { revokedClientsFrom } from './revoked-clients';

describe('revokedClientsFrom', () => {
  it('reads the revoked IDs once per refresh interval, however many requests ask', async () => {
    let reads = 0;
    let ids = ['a'];
    const list = revokedClientsFrom(async () => {
      reads += 1;
      return ids;
    }, 50);
    expect(await Promise.all([list.isRevoked('a'), list.isRevoked('b'), list.isRevoked('a')])).toEqual([true, false, true]);
    expect(reads).toBe(1);
    ids = ['b'];
    expect(await list.isRevoked('b')).toBe(false);
    await new Promise((done) => setTimeout(done, 60));
    expect(await list.isRevoked('b')).toBe(true);
    expect(await list.isRevoked('a')).toBe(false);
    expect(reads).toBe(2);
  });

  it('lets a failed read fail the request and tries again on the next', async () => {
    let fail = true;
    const list = revokedClientsFrom(async () => {
      if (fail) throw new Error('database down');
      return ['a'];
    }, 50);
    await expect(list.isRevoked('a')).rejects.toThrow('database down');
    fail = false;
    await expect(list.isRevoked('a')).resolves.toBe(true);
  });
});
