import { DomainError } from '@sdp/service';
import { readTextBody } from './read-text-body';

async function* chunks(...parts: Buffer[]): AsyncGenerator<Buffer> {
  yield* parts;
}

describe('readTextBody', () => {
  it('decodes UTF-8, and UTF-16LE after its byte-order mark', async () => {
    expect(await readTextBody(chunks(Buffer.from('[PDF]\n'), Buffer.from('Version=2.0')), 100)).toBe('[PDF]\nVersion=2.0');
    expect(await readTextBody(chunks(Buffer.from([0xff, 0xfe]), Buffer.from('[PDF]', 'utf16le')), 100)).toBe('[PDF]');
  });

  it('refuses a body over the limit with PACKAGE_DEFINITION_TOO_LARGE', async () => {
    const reading = readTextBody(chunks(Buffer.alloc(60), Buffer.alloc(41)), 100);
    await expect(reading).rejects.toBeInstanceOf(DomainError);
    await expect(reading).rejects.toMatchObject({ code: 'PACKAGE_DEFINITION_TOO_LARGE', kind: 'too-large', message: 'a package definition file is at most 100 bytes' });
  });
});
