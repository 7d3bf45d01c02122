import { installedSoftwareOf, MAX_INSTALLED_SOFTWARE } from './installed-software';

const entry = (name: string, fields: Record<string, unknown> = {}) => ({ name, version: '1.0', publisher: 'Contoso', source: 'dpkg', ...fields });

describe("a client's installed software, from its untrusted inventory", () => {
  it('keeps well-formed entries as they are', () => {
    expect(installedSoftwareOf({ memoryMb: 1024, software: [entry('editor'), entry('Contoso Word', { version: null, publisher: null, source: 'windows-registry' })] })).toEqual([
      { name: 'editor', version: '1.0', publisher: 'Contoso', source: 'dpkg' },
      { name: 'Contoso Word', version: null, publisher: null, source: 'windows-registry' },
    ]);
  });

  it.each([undefined, null, {}, { software: 'editor' }, { software: { name: 'editor' } }, { software: null }, 'inventory', 42])('finds nothing in %j', (inventory) => {
    expect(installedSoftwareOf(inventory)).toEqual([]);
  });

  it('leaves out malformed entries and keeps the others', () => {
    const software = [
      null,
      'editor',
      42,
      [],
      {},
      entry(''),
      entry('   '),
      entry('x'.repeat(257)),
      entry('bell\u0007'),
      entry('line\nbreak'),
      entry('numeric version', { version: 16 }),
      entry('long publisher', { publisher: 'p'.repeat(257) }),
      entry('unknown source', { source: 'apt' }),
      { name: 'no source', version: null, publisher: null },
      entry('kept'),
    ];
    expect(installedSoftwareOf({ software }).map((item) => item.name)).toEqual(['kept']);
  });

  it('takes a version or publisher left out as null', () => {
    expect(installedSoftwareOf({ software: [{ name: 'editor', source: 'rpm' }] })).toEqual([{ name: 'editor', version: null, publisher: null, source: 'rpm' }]);
  });

  it('drops unknown fields of an entry', () => {
    expect(installedSoftwareOf({ software: [{ ...entry('editor'), installedBy: 'root', size: 1 }] })).toEqual([{ name: 'editor', version: '1.0', publisher: 'Contoso', source: 'dpkg' }]);
  });

  it('keeps each name and version once, and at most 5,000 entries', () => {
    expect(installedSoftwareOf({ software: [entry('editor'), entry('editor'), entry('editor', { version: '2.0' })] })).toHaveLength(2);
    const many = Array.from({ length: MAX_INSTALLED_SOFTWARE + 100 }, (_, index) => entry(`package-${index}`));
    const kept = installedSoftwareOf({ software: many });
    expect(kept).toHaveLength(MAX_INSTALLED_SOFTWARE);
    expect(kept.at(-1)?.name).toBe(`package-${MAX_INSTALLED_SOFTWARE - 1}`);
  });
});
