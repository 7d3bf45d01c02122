import { renderFields, renderTable } from './table';

describe('renderTable', () => {
  it('aligns columns to the widest cell, numbers right, without trailing blanks', () => {
    const rows = [
      { id: 'S0100001', name: 'Reader', files: 3 },
      { id: 'S0100002', name: 'Office suite', files: 1204 },
    ];
    const text = renderTable(
      [
        { header: 'ID', value: (row: (typeof rows)[number]) => row.id },
        { header: 'FILES', value: (row) => row.files, align: 'right' },
        { header: 'NAME', value: (row) => row.name },
      ],
      rows,
    );
    expect(text.split('\n')).toEqual(['ID        FILES  NAME', 'S0100001      3  Reader', 'S0100002   1204  Office suite']);
  });

  it('shows a dash for empty cells and flattens line breaks', () => {
    const text = renderTable(
      [
        { header: 'A', value: (row: { a: string | null }) => row.a },
        { header: 'B', value: () => 'x' },
      ],
      [{ a: null }, { a: 'two\nlines' }],
    );
    expect(text.split('\n')).toEqual(['A          B', '-          x', 'two lines  x']);
  });

  it('does not count colour codes as width', () => {
    const text = renderTable([{ header: 'STATE', value: (row: string) => row }, { header: 'N', value: () => 1 }], ['\u001b[32mok\u001b[0m']);
    expect(text.split('\n')[1]).toBe('\u001b[32mok\u001b[0m     1');
  });
});

describe('renderFields', () => {
  it('lines values up after the longest name', () => {
    expect(renderFields([['ID', 'S0100001'], ['Source version', 3], ['Description', '']])).toBe('ID              S0100001\nSource version  3\nDescription     -');
  });
});
