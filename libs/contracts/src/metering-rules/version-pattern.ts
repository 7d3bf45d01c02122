// File version patterns of metering rules (`16.*`, `1?.0.*`, `*`): the one definition of their
// syntax and of what they match, shared by the metering service (which refuses malformed ones)
// and the agent (which matches processes with them).

/** Dot-separated segments of letters, digits, `_`, `+`, `-` and the wildcards `*` (any run) and `?` (one character). */
export const FILE_VERSION_PATTERN_SYNTAX = /^[0-9A-Za-z*?_+-]+(\.[0-9A-Za-z*?_+-]+)*$/;

export const MAX_FILE_VERSION_PATTERN_LENGTH = 64;

/** Why a file version pattern is malformed, or undefined when it is well-formed. */
export function fileVersionPatternProblem(pattern: string): string | undefined {
  if (pattern.length === 0) {
    return 'must not be empty (use * for any version)';
  }
  if (pattern.length > MAX_FILE_VERSION_PATTERN_LENGTH) {
    return `must be at most ${MAX_FILE_VERSION_PATTERN_LENGTH} characters`;
  }
  if (!FILE_VERSION_PATTERN_SYNTAX.test(pattern)) {
    return 'must be dot-separated segments of letters, digits, _ + - and the wildcards * and ?, e.g. 16.*';
  }
  return undefined;
}

/**
 * Whether a file version matches a pattern: `*` any run of characters (dots included, so `16.*`
 * matches 16.0 and 16.0.4266.1001), `?` exactly one character, everything else itself, letters
 * without regard to case. A process whose version is unknown (`undefined`) matches only `*`.
 */
export function fileVersionMatches(pattern: string, version: string | undefined): boolean {
  if (pattern === '*') {
    return true;
  }
  if (version === undefined) {
    return false;
  }
  return wildcardRegExp(pattern).test(version);
}

function wildcardRegExp(pattern: string): RegExp {
  const source = [...pattern].map((character) => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[.+\-]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'i');
}
