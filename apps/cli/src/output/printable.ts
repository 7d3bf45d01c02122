/**
 * Characters that must never reach a terminal raw from data: C0 and C1 controls (an ESC starts a
 * sequence that can recolour, move the cursor, retitle the window or hide text) and the bidi
 * embeddings, overrides and isolates that make `exe.\u202Etxt` read as `exe.txt`.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** The same, less what JSON.stringify already escapes (C0 and the quote rules). */
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function codePoint(character: string): string {
  return character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** Text from the services made safe to print: every unprintable character shown as `\u{XXXX}`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => `\\u{${codePoint(character)}}`);
}

/** Lines of text from the services made safe to print: as printable(), but line breaks stay. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** JSON for `--json`: the same value, with what JSON.stringify leaves raw written as `\uXXXX` escapes. */
export function printableJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(UNESCAPED_BY_JSON, (character) => `\\u${codePoint(character)}`);
}
