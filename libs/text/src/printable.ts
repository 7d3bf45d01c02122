/**
 * Characters that act on whoever reads text instead of showing: C0 and C1 controls (an ESC starts
 * a sequence that recolours, moves the cursor, retitles the window or hides text) and the bidi
 * embeddings, overrides and isolates that make `invoice.\u202Etxt.exe` read as `invoice.exe.txt`.
 * The services refuse them in text they store; the CLI and console escape them in what they show.
 */
const C0 = '\\u0000-\\u001f';
const C0_BUT_TAB_AND_LINE_BREAKS = '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f';
const DEL_AND_C1 = '\\u007f-\\u009f';
const BIDI_CONTROLS = '\\u202a-\\u202e\\u2066-\\u2069';

const UNPRINTABLE = new RegExp(`[${C0}${DEL_AND_C1}${BIDI_CONTROLS}]`, 'g');
const UNPRINTABLE_IN_MULTILINE = new RegExp(`[${C0_BUT_TAB_AND_LINE_BREAKS}${DEL_AND_C1}${BIDI_CONTROLS}]`);
/** JSON.stringify escapes C0 inside strings, and outside them C0 is its own line breaks. */
const LEFT_RAW_BY_JSON = new RegExp(`[${DEL_AND_C1}${BIDI_CONTROLS}]`, 'g');

function codePoint(character: string): string {
  return character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** The first unprintable character of `text` as `U+XXXX`, or undefined when there is none. */
export function firstUnprintable(text: string, options: { multiline?: boolean } = {}): string | undefined {
  const found = (options.multiline ? UNPRINTABLE_IN_MULTILINE : new RegExp(UNPRINTABLE.source)).exec(text);
  return found ? `U+${codePoint(found[0])}` : undefined;
}

/** Text made safe to show: every unprintable character as a visible `\u{XXXX}`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => `\\u{${codePoint(character)}}`);
}

/** As printable(), but line breaks stay: for multi-line output. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/** JSON of `value` with every unprintable character as a `\uXXXX` escape: the same value, safe to print. */
export function printableJson(value: unknown, indent?: number): string {
  return (JSON.stringify(value, null, indent) ?? 'null').replace(LEFT_RAW_BY_JSON, (character) => `\\u${codePoint(character)}`);
}
