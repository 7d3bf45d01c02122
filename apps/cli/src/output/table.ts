export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

/** Display width of a cell: ANSI colour codes take no room. */
function width(text: string): number {
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

function cellText(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value).replace(/[\r\n\t]+/g, ' ');
}

function pad(text: string, size: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Columns separated by two spaces, each as wide as its widest cell; no trailing blanks. */
export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const widths = columns.map((column, index) => Math.max(width(column.header), ...cells.map((line) => width(line[index]))));
  const line = (values: string[]) =>
    values
      .map((value, index) => pad(value, widths[index], columns[index].align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
}

/** A vertical table for one resource: field names on the left. */
export function renderFields(fields: readonly [string, string | number | boolean | null | undefined][]): string {
  const size = Math.max(0, ...fields.map(([name]) => width(name)));
  return fields.map(([name, value]) => `${pad(name, size, 'left')}  ${cellText(value)}`.trimEnd()).join('\n');
}
