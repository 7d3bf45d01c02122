/**
 * Characters that must never be shown raw from data: C0 and C1 controls and the bidi embeddings,
 * overrides and isolates that make `invoice.\u202Etxt.exe` read as `invoice.exe.txt`.
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text made safe to show: each unprintable character as a visible `\u{XXXX}`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (character) => `\\u{${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}

/**
 * A service's JSON answer with every string and key made printable: the console shows whatever
 * the services hold — older data too — without a control character or bidi override acting on
 * the page. Line breaks inside multi-line text (comments) stay.
 */
export function printableAnswer(value: unknown): unknown {
  if (typeof value === 'string') return value.split('\n').map(printable).join('\n');
  if (Array.isArray(value)) return value.map(printableAnswer);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [printable(key), printableAnswer(child)]));
  }
  return value;
}
