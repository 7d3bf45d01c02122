import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import * as yauzl from 'yauzl';
import { ArchiveEntry, writeTarGz, zipArchive } from './archives';

const entries: ArchiveEntry[] = [
  { path: 'sdp-agent.exe', data: Buffer.alloc(200_000, 7), mode: 0o755 },
  { path: 'agent.env', data: Buffer.from('SDP_AGENT_ENROLL_SECRET=s\n'), mode: 0o600 },
  { path: 'install.ps1', data: Buffer.from('Write-Output "ünïcode"\r\n'), mode: 0o644 },
];

function readZip(zip: Buffer): Promise<{ name: string; data: Buffer; mode: number }[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true, validateEntrySizes: true }, (error, file) => {
      if (error || !file) return reject(error);
      const read: { name: string; data: Buffer; mode: number }[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        file.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            read.push({ name: entry.fileName, data: Buffer.concat(chunks), mode: (entry.externalFileAttributes >>> 16) & 0o7777 });
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(read));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

describe('package archives', () => {
  it('writes a zip that a zip reader reads back byte for byte, CRCs and sizes checked, modes kept', async () => {
    const read = await readZip(zipArchive(entries));
    expect(read.map(({ name, mode }) => [name, mode])).toEqual(entries.map(({ path, mode }) => [path, mode]));
    read.forEach((file, index) => expect(file.data.equals(entries[index].data)).toBe(true));
  });

  it('writes a tar.gz of the entries below one folder, owned by root, modes kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdp-archives-'));
    try {
      const target = join(dir, 'out.tar.gz');
      await writeTarGz(target, 'sdp-agent-1.0-macos', entries);
      const seen: [string, number, number, string][] = [];
      const reader = extract();
      reader.on('entry', (header, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk) => chunks.push(chunk as Buffer));
        stream.on('end', () => {
          seen.push([header.name, header.mode ?? -1, header.uid ?? -1, Buffer.concat(chunks).toString('latin1').slice(0, 10)]);
          next();
        });
      });
      await new Promise<void>((resolve, reject) => Readable.from(readFileSync(target)).pipe(createGunzip()).pipe(reader).on('finish', () => resolve()).on('error', reject));
      expect(seen.map(([name, mode, uid]) => [name, mode, uid])).toEqual([
        ['sdp-agent-1.0-macos/', 0o755, 0],
        ['sdp-agent-1.0-macos/sdp-agent.exe', 0o755, 0],
        ['sdp-agent-1.0-macos/agent.env', 0o600, 0],
        ['sdp-agent-1.0-macos/install.ps1', 0o644, 0],
      ]);
      expect(seen[2][3]).toBe('SDP_AGENT_');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
