import { printable, printableLines } from '@sdp/text';

export { printable };

/**
 * A service's JSON answer with every string and key made printable: the console shows whatever
 * the services hold — older data too — without a control character or bidi override acting on
 * the page. Line breaks inside multi-line text (comments) stay.
 */
export function printableAnswer(value: unknown): unknown {
  if (typeof value === 'string') return printableLines(value);
  if (Array.isArray(value)) return value.map(printableAnswer);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [printable(key), printableAnswer(child)]));
  }
  return value;
}
