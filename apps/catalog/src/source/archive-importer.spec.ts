import { HTTP_STATUS_OF_KIND } from '@sdp/service';
import { zipOf } from '@sdp/testing';
import { chunked, filledTarGz, RecordingSink, sha256Of, tarOf } from '../test-support/tar-fixtures';
import { ImportLimits, importArchive, ImportOptions } from './archive-importer';
import { ArchiveRejected, rejectionError } from './archive-rejected';

const limits = { maxBytes: 10 * 1024 * 1024 };

async function rejectionOf(archive: Buffer | AsyncIterable<Buffer>, sink = new RecordingSink(), importLimits: ImportLimits = limits, options: ImportOptions = {}): Promise<ArchiveRejected> {
  try {
    await importArchive(Buffer.isBuffer(archive) ? chunked(archive) : archive, sink, importLimits, options);
  } catch (error) {
    if (error instanceof ArchiveRejected) return error;
    throw error;
  }
  throw new Error('the archive was accepted');
}

/** The status the refusal is answered with. */
function statusOf(rejection: ArchiveRejected): number {
  return HTTP_STATUS_OF_KIND[rejectionError(rejection).kind];
}

describe('importArchive', () => {
  it('stores every file and lists it with size, sha256 and mode', async () => {
    const sink = new RecordingSink();
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const archive = await tarOf([
      { name: './', type: 'directory' },
      { name: './bin/', type: 'directory' },
      { name: './bin/setup.sh', content: '#!/bin/sh\n', mode: 0o755 },
      { name: './readme.txt', content: 'hello' },
      { name: './empty', content: '' },
      { name: './data.bin', content: big },
    ]);
    const imported = await importArchive(chunked(archive, 4096), sink, limits);
    const byPath = new Map(imported.files.map((file) => [file.path, file]));
    expect([...byPath.keys()].sort()).toEqual(['bin/setup.sh', 'data.bin', 'empty', 'readme.txt']);
    expect(byPath.get('bin/setup.sh')).toEqual({ path: 'bin/setup.sh', size: 10, sha256: sha256Of('#!/bin/sh\n'), mode: 0o755 });
    expect(byPath.get('data.bin')?.sha256).toBe(sha256Of(big));
    expect(byPath.get('empty')?.sha256).toBe(sha256Of(''));
    expect(imported.sizeBytes).toBe(10 + 5 + big.length);
    expect(imported.newBytes).toBe(imported.sizeBytes);
  });

  it('reads gzip archives, recognised by their magic bytes', async () => {
    const imported = await importArchive(chunked(await tarOf([{ name: 'a.txt', content: 'A' }], { gzip: true }), 1), new RecordingSink(), limits);
    expect(imported.files).toEqual([{ path: 'a.txt', size: 1, sha256: sha256Of('A'), mode: 0o644 }]);
  });

  it('takes long names from pax headers and normalises them to NFC', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}.txt`;
    const imported = await importArchive(
      chunked(await tarOf([{ name: long, content: 'x' }, { name: 'cafe\u0301.txt', content: 'y' }])),
      new RecordingSink(),
      limits,
    );
    expect(imported.files.map((file) => file.path).sort()).toEqual([long, 'caf\u00e9.txt'].sort());
  });

  it('counts only bytes new to the store and writes identical content once', async () => {
    const sink = new RecordingSink();
    await importArchive(chunked(await tarOf([{ name: 'a', content: 'same' }])), sink, limits);
    const second = await importArchive(chunked(await tarOf([{ name: 'a', content: 'same' }, { name: 'b', content: 'same' }, { name: 'c', content: 'new!' }])), sink, limits);
    expect(second.newBytes).toBe(4);
    expect(sink.writes).toBe(2);
  });

  it.each([
    ['an absolute name', [{ name: '/etc/passwd', content: 'x' }], 'absolute'],
    ['a .. segment', [{ name: '../evil', content: 'x' }], '..'],
    ['a NUL in a pax name', [{ name: 'a\u0000b', content: 'x', pax: {} }], 'NUL'],
    ['a control character', [{ name: 'a\u0007b', content: 'x' }], 'control'],
    ['an empty segment', [{ name: 'a//b', content: 'x' }], 'empty path segments'],
    ['a duplicate path', [{ name: 'a', content: 'x' }, { name: './a', content: 'y' }], 'duplicate'],
    ['a symlink', [{ name: 'link', type: 'symlink' as const, linkname: '/etc/passwd' }], 'links are not allowed'],
    ['a hard link', [{ name: 'a', content: 'x' }, { name: 'hard', type: 'link' as const, linkname: 'a' }], 'links are not allowed'],
    ['a device', [{ name: 'dev', type: 'character-device' as const }], 'character-device'],
    ['a fifo', [{ name: 'pipe', type: 'fifo' as const }], 'fifo'],
    ['no file at all', [{ name: 'dir/', type: 'directory' as const }], 'no files'],
  ])('refuses %s with 422', async (_what, entries, why) => {
    const error = await rejectionOf(await tarOf(entries));
    expect(statusOf(error)).toBe(422);
    expect(error.message).toContain(why);
  });

  it('refuses an archive cut inside an entry and one cut between entries', async () => {
    const archive = await tarOf([{ name: 'a', content: Buffer.alloc(5000, 1) }, { name: 'b', content: 'b' }]);
    const insideEntry = await rejectionOf(archive.subarray(0, 3000));
    expect(statusOf(insideEntry)).toBe(400);
    const betweenEntries = await rejectionOf(archive.subarray(0, 512 + 5120));
    expect(statusOf(betweenEntries)).toBe(400);
    expect(betweenEntries.message).toContain('ends early');
  });

  it('refuses bytes that are not a tar archive, and a broken gzip stream', async () => {
    expect(statusOf(await rejectionOf(Buffer.from('this is not a tar archive'.repeat(40))))).toBe(400);
    expect(statusOf(await rejectionOf(Buffer.alloc(0)))).toBe(400);
    const gzip = await tarOf([{ name: 'a', content: 'x'.repeat(10_000) }], { gzip: true });
    expect(statusOf(await rejectionOf(gzip.subarray(0, gzip.length - 20)))).toBe(400);
  });

  it('refuses a package over the size limit with 413 before reading its bytes', async () => {
    const sink = new RecordingSink();
    const error = await rejectionOf(await tarOf([{ name: 'a', content: Buffer.alloc(2048) }, { name: 'b', content: Buffer.alloc(2048) }]), sink, {
      maxBytes: 3000,
    });
    expect(statusOf(error)).toBe(413);
    expect(sink.writes).toBeLessThanOrEqual(1);
  });

  it('refuses more files than allowed with 413', async () => {
    const error = await rejectionOf(await tarOf([{ name: 'a', content: 'a' }, { name: 'b', content: 'b' }]), new RecordingSink(), { maxBytes: 100, maxFiles: 1 });
    expect(statusOf(error)).toBe(413);
  });

  it('passes a failing store through as it is', async () => {
    const sink = new RecordingSink();
    sink.putStream = async () => {
      throw new Error('S3 unreachable');
    };
    await expect(importArchive(chunked(await tarOf([{ name: 'a', content: 'a' }])), sink, limits)).rejects.toThrow('S3 unreachable');
  });
});

describe('importArchive with zip archives', () => {
  const script = '#!/bin/sh\necho hi\n';
  const big = Buffer.alloc(3 * 1024 * 1024, 5);

  it('gives a zip made on unix the same manifest as a tar of the same folder, modes included', async () => {
    const tar = await tarOf([
      { name: 'bin/', type: 'directory' },
      { name: 'bin/setup', content: script, mode: 0o755 },
      { name: 'readme.txt', content: 'hello' },
      { name: 'private.key', content: 'k', mode: 0o600 },
      { name: 'data.bin', content: big },
      { name: 'empty', content: '' },
    ]);
    const zip = zipOf([
      { name: 'bin/' },
      { name: 'bin/setup', content: script, mode: 0o755 },
      { name: 'readme.txt', content: 'hello', method: 'store' },
      { name: 'private.key', content: 'k', mode: 0o600 },
      { name: 'data.bin', content: big },
      { name: 'empty', content: '' },
    ]);
    const byPath = (files: { path: string }[]) => [...files].sort((a, b) => a.path.localeCompare(b.path));
    const fromTar = await importArchive(chunked(tar, 4096), new RecordingSink(), limits);
    const fromZip = await importArchive(chunked(zip, 4096), new RecordingSink(), limits);
    expect(byPath(fromZip.files)).toEqual(byPath(fromTar.files));
    expect(fromZip.files.find((file) => file.path === 'bin/setup')).toEqual({ path: 'bin/setup', size: script.length, sha256: sha256Of(script), mode: 0o755 });
    expect(fromZip.sizeBytes).toBe(fromTar.sizeBytes);
  });

  it('gives files of a zip made on Windows 0755 by the executable rule and 0644 otherwise', async () => {
    const zip = zipOf(
      [
        { name: 'tools/' },
        { name: 'tools/install', content: 'no shebang' },
        { name: 'lib/helper', content: script },
        { name: 'run-me.sh', content: 'echo' },
        { name: 'notes.txt', content: 'text' },
      ],
      { madeOn: 'windows' },
    );
    const imported = await importArchive(chunked(zip), new RecordingSink(), limits, { programs: [{ commandLine: './install --quiet', workingDirectory: 'tools' }] });
    expect(Object.fromEntries(imported.files.map((file) => [file.path, file.mode]))).toEqual({
      'tools/install': 0o755,
      'lib/helper': 0o755,
      'run-me.sh': 0o755,
      'notes.txt': 0o644,
    });
  });

  it('reads a zip by its Content-Type too, and a zip with no file is refused like an empty tar', async () => {
    const error = await rejectionOf(zipOf([{ name: 'dir/' }]), new RecordingSink(), limits, { contentType: 'application/zip' });
    expect(statusOf(error)).toBe(422);
    expect(error.message).toContain('no files');
  });

  it.each([
    ['a .. segment', [{ name: '../evil', content: 'x' }], '..'],
    ['an absolute name', [{ name: '/etc/passwd', content: 'x' }], 'absolute'],
    ['a backslash name', [{ name: 'dir\\evil', content: 'x' }], 'separator'],
    ['a symlink', [{ name: 'ok', content: 'x' }, { name: 'link', type: 'symlink' as const, linkname: '../../etc/passwd' }], 'links are not allowed'],
    ['a duplicate path', [{ name: 'a', content: 'x' }, { name: './a', content: 'y' }], 'duplicate'],
  ])('refuses a zip with %s with 422', async (_what, entries, why) => {
    const error = await rejectionOf(zipOf(entries));
    expect(statusOf(error)).toBe(422);
    expect(error.message).toContain(why);
  });

  it('refuses a zip whose entry inflates to another size than declared, or does not match its CRC-32, with 400', async () => {
    const bomb = await rejectionOf(zipOf([{ name: 'bomb', content: Buffer.alloc(100_000) , declaredSize: 1000 }]));
    expect(statusOf(bomb)).toBe(400);
    expect(bomb.message).toContain('bomb');
    const short = await rejectionOf(zipOf([{ name: 'short', content: 'abc', declaredSize: 10 }]));
    expect(statusOf(short)).toBe(400);
    const zip = zipOf([{ name: 'a.txt', content: 'exact bytes', method: 'store' }]);
    zip[30 + 'a.txt'.length] ^= 0xff;
    const corrupt = await rejectionOf(zip);
    expect(statusOf(corrupt)).toBe(400);
    expect(corrupt.message).toContain('CRC-32');
  });

  it('refuses a zip whose declared sizes are over the package limit with 413 before inflating it', async () => {
    const sink = new RecordingSink();
    const error = await rejectionOf(zipOf([{ name: 'bomb', content: Buffer.alloc(1000), declaredSize: 20 * 1024 * 1024 }]), sink);
    expect(statusOf(error)).toBe(413);
    expect(sink.writes).toBe(0);
  });

  it('refuses a truncated zip, a cut central directory and garbage declared as zip with 400', async () => {
    const zip = zipOf([{ name: 'a.txt', content: 'a'.repeat(5000) }, { name: 'b.txt', content: 'b' }]);
    const directoryStart = zip.readUInt32LE(zip.length - 6);
    const cutDirectory = Buffer.concat([zip.subarray(0, directoryStart + 20), zip.subarray(zip.length - 22)]);
    for (const [what, archive, contentType] of [
      ['cut in half', zip.subarray(0, zip.length / 2), undefined],
      ['central directory cut', cutDirectory, undefined],
      ['not a zip', Buffer.from('hello, this is no zip'.repeat(20)), 'application/zip'],
    ] as const) {
      const error = await rejectionOf(archive, new RecordingSink(), limits, { contentType });
      expect({ what, status: statusOf(error) }).toEqual({ what, status: 400 });
    }
  });
});

describe('importArchive against decompression bombs', () => {
  const GiB = 1024 ** 3;
  const roomy = { maxBytes: 50 * GiB };

  async function* counted(chunks: AsyncIterable<Buffer>, counter: { bytes: number }): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      counter.bytes += chunk.length;
      yield chunk;
    }
  }

  it('refuses a tar.gz of 2 GiB of zeros with 413 while it inflates, after reading a few hundred KB of it', async () => {
    const sent = { bytes: 0 };
    const sink = new RecordingSink();
    const bomb = filledTarGz([{ name: 'zeros.bin', size: 2 * GiB, fill: 0 }]);
    const error = await rejectionOf(counted(bomb, sent), sink, roomy);
    expect(statusOf(error)).toBe(413);
    expect(error.message).toMatch(/^the archive expands more than 200 times its size \(\d+ MB from 0\.\d+ MB received\); if this package is genuine, raise CATALOG_MAX_EXPANSION_RATIO$/);
    // 2 GiB of zeros gzip to about 2 MB; it stopped within the first 64 MiB or so.
    expect(sent.bytes).toBeLessThan(300_000);
    expect(sink.writes).toBe(0);
  });

  it('applies the configured ratio', async () => {
    const files = [{ name: 'zeros.bin', size: 80 * 1024 * 1024, fill: 0 }];
    expect((await rejectionOf(filledTarGz(files), new RecordingSink(), { ...roomy, maxExpansionRatio: 500 })).message).toContain('more than 500 times');
    const imported = await importArchive(filledTarGz(files), new RecordingSink(), { ...roomy, maxExpansionRatio: 5000 });
    expect(imported.sizeBytes).toBe(80 * 1024 * 1024);
  });

  it('refuses a zip whose entries declare more than the ratio allows, before inflating them', async () => {
    const sink = new RecordingSink();
    const zeros = Buffer.alloc(40 * 1024 * 1024);
    const zip = zipOf([
      { name: 'a.txt', content: 'small' },
      { name: 'b.bin', content: zeros },
      { name: 'c.bin', content: zeros },
      { name: 'd.bin', content: zeros },
    ]);
    const error = await rejectionOf(zip, sink, roomy);
    expect(statusOf(error)).toBe(413);
    // c.bin was refused from its declared size: only a.txt and b.bin were read.
    expect([...sink.objects.values()].sort((a, b) => a - b)).toEqual([5, zeros.length]);
    expect(error.message).toContain(`the archive expands more than 200 times its size (84 MB from ${(zip.length / 1e6).toPrecision(2)} MB received)`);
  });
});

describe('importArchive against colliding and deceptive names, in every format', () => {
  const collisions: [string, string, string][] = [
    ['letter case', 'README.txt', 'readme.txt'],
    ['Unicode normalization', 'cafe\u0301.txt', 'caf\u00e9.txt'],
  ];

  it.each(collisions)('refuses a tar, a tar.gz and a zip with names differing by %s, naming both', async (_what, first, second) => {
    const tarEntries = [{ name: first, content: 'one' }, { name: second, content: 'two' }];
    for (const archive of [await tarOf(tarEntries), await tarOf(tarEntries, { gzip: true }), zipOf(tarEntries)]) {
      const error = await rejectionOf(archive);
      expect(statusOf(error)).toBe(422);
      expect(error.message).toContain(`entries ${JSON.stringify(first)} and ${JSON.stringify(second)}`);
    }
  });

  it('refuses a bidi override in a tar or a zip name with 422 naming the character', async () => {
    const entries = [{ name: 'photo\u202egpj.exe', content: 'MZ' }];
    for (const archive of [await tarOf(entries), zipOf(entries)]) {
      const error = await rejectionOf(archive);
      expect(statusOf(error)).toBe(422);
      expect(error.message).toContain('U+202E');
      expect(error.message).toContain('photo\\u202egpj.exe');
    }
  });
});
