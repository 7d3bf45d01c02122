import { ParseError } from './parse-error';

export type TokenKind = 'word' | 'string' | 'number' | 'symbol' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Words as written; strings unquoted and unescaped; symbols as written. */
  readonly text: string;
  readonly position: number;
}

const SYMBOLS = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', ',', '.'] as const;
const WORD_START = /[A-Za-z_]/;
const WORD_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const WHITESPACE = /\s/;

/** How a token is named in error messages. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `'${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (WHITESPACE.test(char)) {
      index += 1;
    } else if (char === "'") {
      const { text, end } = readString(source, index, tokens);
      tokens.push({ kind: 'string', text, position: index });
      index = end;
    } else if (char === '"') {
      const { text, end } = readQuotedWord(source, index);
      tokens.push({ kind: 'word', text, position: index });
      index = end;
    } else if (DIGIT.test(char) || (char === '-' && DIGIT.test(source[index + 1] ?? ''))) {
      const end = readNumber(source, index);
      tokens.push({ kind: 'number', text: source.slice(index, end), position: index });
      index = end;
    } else if (WORD_START.test(char)) {
      let end = index + 1;
      while (end < source.length && WORD_PART.test(source[end])) {
        end += 1;
      }
      tokens.push({ kind: 'word', text: source.slice(index, end), position: index });
      index = end;
    } else {
      const symbol = SYMBOLS.find((candidate) => source.startsWith(candidate, index));
      if (!symbol) {
        throw new ParseError(index, ['a field, a value, an operator or a parenthesis'], `'${char}'`);
      }
      tokens.push({ kind: 'symbol', text: symbol === '<>' ? '!=' : symbol, position: index });
      index += symbol.length;
    }
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}

/** Single-quoted, with '' standing for one quote, as in SQL and WQL. */
function readString(source: string, start: number, before: readonly Token[]): { text: string; end: number } {
  let text = '';
  let index = start + 1;
  while (index < source.length) {
    if (source[index] === "'") {
      if (source[index + 1] === "'") {
        text += "'";
        index += 2;
        continue;
      }
      return { text, end: index + 1 };
    }
    text += source[index];
    index += 1;
  }
  throw unterminatedString(source, start, before);
}

/** Characters of a value written without quotes: a word, a number, a dotted version. */
const BARE_VALUE_PART = /[A-Za-z0-9_.-]/;

/**
 * A string that never closes. Most often a value lost its opening quote (`name = Engineering'`):
 * then the first quote that directly follows a bare value closed nothing, and the error points at
 * that value. Otherwise it points at the quote that opened the string, not at the end of the line.
 */
function unterminatedString(source: string, start: number, before: readonly Token[]): ParseError {
  const quotes = [...before.filter((token) => token.kind === 'string').map((token) => token.position), start];
  const stray = quotes.find((position) => position > 0 && BARE_VALUE_PART.test(source[position - 1]));
  if (stray !== undefined) {
    let valueStart = stray;
    while (valueStart > 0 && BARE_VALUE_PART.test(source[valueStart - 1])) {
      valueStart -= 1;
    }
    const value = source.slice(valueStart, stray);
    return new ParseError(valueStart, [`an opening quote (') before ${value}: the quote at position ${stray} closes no string`], `${value}'`);
  }
  return new ParseError(start, ["a closing quote (') for the string that starts here"], 'the end of the expression');
}

/** Double quotes let an inventory key hold characters a bare word cannot: inventory."Installed Software". */
function readQuotedWord(source: string, start: number): { text: string; end: number } {
  const end = source.indexOf('"', start + 1);
  if (end < 0) {
    throw new ParseError(start, ['a closing double quote for the name that starts here'], 'the end of the expression');
  }
  if (end === start + 1) {
    throw new ParseError(start, ['a non-empty name between double quotes'], '""');
  }
  return { text: source.slice(start + 1, end), end: end + 1 };
}

function readNumber(source: string, start: number): number {
  let end = start + 1;
  while (end < source.length && DIGIT.test(source[end])) {
    end += 1;
  }
  if (source[end] === '.' && DIGIT.test(source[end + 1] ?? '')) {
    end += 1;
    while (end < source.length && DIGIT.test(source[end])) {
      end += 1;
    }
  }
  return end;
}
