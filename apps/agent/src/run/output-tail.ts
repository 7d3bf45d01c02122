import { PROGRAM_OUTPUT_MAX_CHARS, type ProgramOutput } from '@sdp/contracts';
import { printable } from '@sdp/text';

/** How much of each stream (stdout, stderr) a report carries by default (SDP_AGENT_OUTPUT_TAIL_BYTES). */
export const DEFAULT_OUTPUT_TAIL_BYTES = 4096;
/** The least and most an administrator may set: the most is what the advertisement service accepts per stream. */
export const OUTPUT_TAIL_BYTES_RANGE = { min: 256, max: PROGRAM_OUTPUT_MAX_CHARS } as const;

/**
 * The last `limitBytes` bytes a program wrote to one stream, in a ring buffer of that size: a
 * program that writes gigabytes costs the agent no more memory than its tail.
 */
export class OutputTail {
  private readonly ring: Buffer;
  /** Bytes written in all; the byte at absolute position i sits at ring[i % limitBytes]. */
  private written = 0;

  constructor(readonly limitBytes: number) {
    this.ring = Buffer.alloc(limitBytes);
  }

  write(chunk: Buffer): void {
    const size = this.limitBytes;
    let data = chunk;
    let start = this.written;
    if (data.length > size) {
      start += data.length - size;
      data = data.subarray(data.length - size);
    }
    const at = start % size;
    const first = Math.min(data.length, size - at);
    data.copy(this.ring, at, 0, first);
    if (first < data.length) {
      data.copy(this.ring, 0, first);
    }
    this.written += chunk.length;
  }

  /**
   * The tail as text to show: cut on a character boundary, CRLF as LF, control characters but
   * line feed and tab escaped (`\u{001B}`), bytes that are not UTF-8 as `\xNN`, and at most
   * `limitBytes` bytes of UTF-8 once escaped (escapes are longer than what they stand for, so the
   * oldest part goes). `truncated`: the program wrote more than the text holds.
   */
  text(): { text: string; truncated: boolean } {
    let bytes = this.bytes();
    let truncated = this.written > this.limitBytes;
    if (truncated) {
      // The first bytes may be the end of a character whose start was overwritten.
      let skip = 0;
      while (skip < 3 && skip < bytes.length && isContinuation(bytes[skip])) skip += 1;
      bytes = bytes.subarray(skip);
    }
    const pieces = escapedPieces(bytes);
    let budget = this.limitBytes;
    let first = pieces.length;
    while (first > 0) {
      const size = Buffer.byteLength(pieces[first - 1]);
      if (size > budget) break;
      budget -= size;
      first -= 1;
    }
    truncated ||= first > 0;
    return { text: pieces.slice(first).join(''), truncated };
  }

  private bytes(): Buffer {
    if (this.written <= this.limitBytes) {
      return this.ring.subarray(0, this.written);
    }
    const at = this.written % this.limitBytes;
    return Buffer.concat([this.ring.subarray(at), this.ring.subarray(0, at)]);
  }
}

/** The report's `output` from the tails of both streams. */
export function programOutput(stdout: OutputTail, stderr: OutputTail): ProgramOutput {
  const out = stdout.text();
  const err = stderr.text();
  return { stdout: out.text, stderr: err.text, truncated: out.truncated || err.truncated };
}

function isContinuation(byte: number): boolean {
  return (byte & 0xc0) === 0x80;
}

/**
 * The bytes decoded as UTF-8, one printable piece per character or per byte that is not part of
 * a valid sequence (`\xNN`); a CR right before an LF is dropped.
 */
export function escapedPieces(bytes: Uint8Array): string[] {
  const pieces: string[] = [];
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) {
      pieces.push(`\\x${bytes[index].toString(16).toUpperCase().padStart(2, '0')}`);
      index += 1;
      continue;
    }
    const character = Buffer.from(bytes.subarray(index, index + length)).toString('utf8');
    index += length;
    if (character === '\r' && bytes[index] === 0x0a) continue;
    pieces.push(character === '\n' || character === '\t' ? character : printable(character));
  }
  return pieces;
}

/** The length of the valid UTF-8 sequence at `index` (no overlong forms, surrogates or code points past U+10FFFF), or 0. */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index];
  if (lead < 0x80) return 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  if (index + length > bytes.length) return 0;
  const second = bytes[index + 1];
  if (second < low || second > high) return 0;
  for (let offset = 2; offset < length; offset += 1) {
    if (!isContinuation(bytes[index + offset])) return 0;
  }
  return length;
}
