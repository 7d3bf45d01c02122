import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock } from './data-dir-lock';

describe('data dir lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lets one holder in at a time', async () => {
    const path = join(dir, 'agent.lock');
    const release = await acquireDataDirLock(path, 1_000);
    await expect(acquireDataDirLock(path, 300, 50)).rejects.toThrow('another sdp-agent process');
    await release();
    const again = await acquireDataDirLock(path, 300, 50);
    await again();
  });

  it('takes over a lock whose holder is gone', async () => {
    const path = join(dir, 'agent.lock');
    await writeFile(path, '999999999');
    const release = await acquireDataDirLock(path, 300, 50);
    await release();
  });
});
