import { ArchiveRejected } from './archive-rejected';
import { EXPANSION_ALLOWANCE_BYTES, ExpansionLimit } from './expansion-limit';

const MiB = 1024 * 1024;

describe('ExpansionLimit', () => {
  it('does not judge an archive until more than the allowance has expanded', () => {
    const limit = new ExpansionLimit(10);
    limit.received(1000);
    expect(() => limit.expanded(EXPANSION_ALLOWANCE_BYTES)).not.toThrow();
  });

  it('refuses with 413 the first expansion past the allowance and the ratio to the bytes received so far', () => {
    const limit = new ExpansionLimit(200);
    limit.received(MiB);
    limit.expanded(200 * MiB);
    let error: unknown;
    try {
      limit.expanded(1);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ArchiveRejected);
    expect((error as ArchiveRejected).reason).toBe('too-large');
    expect((error as ArchiveRejected).message).toBe(
      'the archive expands more than 200 times its size (210 MB from 1.0 MB received); if this package is genuine, raise CATALOG_MAX_EXPANSION_RATIO',
    );
  });

  it('judges the running totals: more bytes received allow more expansion', () => {
    const limit = new ExpansionLimit(100);
    for (let step = 0; step < 50; step += 1) {
      limit.received(MiB);
      expect(() => limit.expanded(100 * MiB)).not.toThrow();
    }
    expect(() => limit.expanded(1)).toThrow('expands more than 100 times');
  });

  it('stops a zero-filled bomb (deflate ~1000:1) at the allowance with the default ratio', () => {
    const limit = new ExpansionLimit();
    let expanded = 0;
    expect(() => {
      for (;;) {
        limit.received(1024);
        limit.expanded(1024 * 1000);
        expanded += 1024 * 1000;
      }
    }).toThrow('expands more than 200 times');
    expect(expanded).toBeLessThanOrEqual(EXPANSION_ALLOWANCE_BYTES);
  });

  it('lets a highly compressible but genuine package (50:1) through', () => {
    const limit = new ExpansionLimit();
    for (let step = 0; step < 100; step += 1) {
      limit.received(MiB);
      limit.expanded(50 * MiB);
    }
  });
});
