type PatternItem = { readonly kind: 'any' } | { readonly kind: 'one' } | { readonly kind: 'char'; readonly char: string };

export type LikeMatcher = (value: string) => boolean;

/**
 * SQL LIKE, case-insensitive: `%` any run of characters, `_` one character, `\` escapes the next
 * character. Matched without regular expressions by the linear-backtracking wildcard algorithm, so
 * no pattern can make matching take more than pattern length × value length steps.
 */
export function compileLikePattern(pattern: string): LikeMatcher {
  const items = parsePattern(pattern.toLowerCase());
  return (value) => matches(items, value.toLowerCase());
}

function parsePattern(pattern: string): PatternItem[] {
  const items: PatternItem[] = [];
  const chars = Array.from(pattern);
  for (let index = 0; index < chars.length; index += 1) {
    const char = chars[index];
    if (char === '\\' && index + 1 < chars.length) {
      index += 1;
      items.push({ kind: 'char', char: chars[index] });
    } else if (char === '%') {
      if (items[items.length - 1]?.kind !== 'any') {
        items.push({ kind: 'any' });
      }
    } else if (char === '_') {
      items.push({ kind: 'one' });
    } else {
      items.push({ kind: 'char', char });
    }
  }
  return items;
}

function matches(items: readonly PatternItem[], text: string): boolean {
  const chars = Array.from(text);
  let item = 0;
  let position = 0;
  let lastAny = -1;
  let resumeAt = 0;
  while (position < chars.length) {
    const current = items[item];
    if (current && current.kind === 'any') {
      lastAny = item;
      resumeAt = position;
      item += 1;
    } else if (current && (current.kind === 'one' || current.char === chars[position])) {
      item += 1;
      position += 1;
    } else if (lastAny >= 0) {
      item = lastAny + 1;
      resumeAt += 1;
      position = resumeAt;
    } else {
      return false;
    }
  }
  while (items[item]?.kind === 'any') {
    item += 1;
  }
  return item === items.length;
}
