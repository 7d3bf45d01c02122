import { DefinitionRejected } from './definition-rejected';

export interface IniEntry {
  key: string;
  value: string;
  line: number;
}

export interface IniSection {
  /** As written in the file; lookups are case-insensitive, as the original product's were. */
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

/**
 * Splits INI text into sections of `key=value` entries, keyed by lower-case names. Blank lines
 * and `;` or `#` comments are skipped; a line that is neither a header nor an entry, a key outside
 * every section, a repeated section or a repeated key in one section is refused with its line.
 */
export function readIniSections(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let current: IniSection | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1].trim();
      if (sections.has(name.toLowerCase())) throw new DefinitionRejected(`section [${name}] appears twice`, line);
      current = { name, line, entries: new Map() };
      sections.set(name.toLowerCase(), current);
      continue;
    }
    const separator = trimmed.indexOf('=');
    if (separator <= 0) throw new DefinitionRejected(`expected [Section] or Key=Value, got ${JSON.stringify(trimmed.slice(0, 80))}`, line);
    if (!current) throw new DefinitionRejected('a key before the first [Section]', line);
    const key = trimmed.slice(0, separator).trim();
    if (current.entries.has(key.toLowerCase())) throw new DefinitionRejected(`key ${key} appears twice in [${current.name}]`, line, key);
    current.entries.set(key.toLowerCase(), { key, value: trimmed.slice(separator + 1).trim(), line });
  }
  return sections;
}
