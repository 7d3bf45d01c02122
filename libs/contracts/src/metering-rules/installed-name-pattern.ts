// Installed software name patterns of metering rules (`Contoso Word*`, `*visual studio code*`):
// the one definition of their syntax and of what they match, shared by the metering service
// (which refuses malformed ones and lists computers that have the software installed).

export const MAX_INSTALLED_NAME_PATTERN_LENGTH = 256;

/** Why an installed software name pattern is malformed, or undefined when it is well-formed. */
export function installedNamePatternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') {
    return 'must not be empty (null: the product name)';
  }
  if (pattern.length > MAX_INSTALLED_NAME_PATTERN_LENGTH) {
    return `must be at most ${MAX_INSTALLED_NAME_PATTERN_LENGTH} characters`;
  }
  if (/[\u0000-\u001f\u007f]/.test(pattern)) {
    return 'must not contain control characters';
  }
  if (/^[*?\s]*$/.test(pattern)) {
    return 'must name something besides the wildcards * and ?';
  }
  return undefined;
}

/**
 * The regular expression (source, without flags) an installed software name must match, case
 * aside: the pattern's `*` any run of characters, `?` exactly one, everything else itself; null
 * (no pattern) matches the literal `literalName` (the rule's product name). Every metacharacter is
 * escaped with a backslash, which both JavaScript and PostgreSQL (`~*`) read as the character itself.
 */
export function installedNameRegExpSource(pattern: string | null, literalName: string): string {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = pattern === null ? escape(literalName) : [...pattern].map((character) => (character === '*' ? '.*' : character === '?' ? '.' : escape(character))).join('');
  return `^${source}$`;
}

/** Whether an installed software name matches a rule's pattern (null: its product name), without regard to case. */
export function installedNameMatches(pattern: string | null, literalName: string, name: string): boolean {
  return new RegExp(installedNameRegExpSource(pattern, literalName), 'is').test(name);
}
