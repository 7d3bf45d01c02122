import { SseParser } from './sse-parser';

describe('server-sent events parser', () => {
  it('dispatches an event on the blank line, whatever the chunks', () => {
    const text = 'event: policy-changed\ndata: {"etag":"\\"a\\""}\n\n';
    for (let split = 0; split <= text.length; split += 1) {
      const parser = new SseParser();
      const events = [...parser.push(text.slice(0, split)), ...parser.push(text.slice(split))];
      expect(events).toEqual([{ event: 'policy-changed', data: '{"etag":"\\"a\\""}' }]);
    }
  });

  it('joins multi-line data with newlines and names unnamed events "message"', () => {
    expect(new SseParser().push('data: one\ndata:two\ndata\n\n')).toEqual([{ event: 'message', data: 'one\ntwo\n' }]);
  });

  it('ignores comments, unknown fields and blocks without data', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\n\nevent: ready\n\nid: 7\nfoo: bar\n\n')).toEqual([]);
    // The event name of a block without data does not leak into the next one.
    expect(parser.push('data: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('takes CRLF, CR and LF as line ends, also a CRLF split between chunks', () => {
    const parser = new SseParser();
    expect(parser.push('event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r')).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
    expect(parser.push('data: 3\r')).toEqual([]);
    // The LF completes the CRLF of "data: 3": it is not the blank line that dispatches.
    expect(parser.push('\ndata: 4\r\n')).toEqual([]);
    expect(parser.push('\r\n')).toEqual([{ event: 'message', data: '3\n4' }]);
  });

  it('keeps the last retry hint of digits, skips a leading BOM', () => {
    const parser = new SseParser();
    expect(parser.retryMs).toBeUndefined();
    expect(parser.push('\uFEFFretry: 2500\n\nretry: soon\n\ndata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
    expect(parser.retryMs).toBe(2500);
  });
});
