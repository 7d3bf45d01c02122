/** One dispatched server-sent event: its type (`message` unless named) and its data lines joined by `\n`. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * The event stream interpretation of the WHATWG HTML standard ("Server-sent events"), fed text as
 * it arrives: lines end in CRLF, LF or CR (a CR at the end of one chunk and the LF starting the next
 * are one line end), `:` lines are comments, `data:` lines accumulate, a blank line dispatches, a
 * `retry:` of digits sets the reconnection time. Pure: no I/O.
 */
export class SseParser {
  /** The last `retry:` the server sent, in ms; undefined until it sends one. */
  retryMs: number | undefined;
  private pending = '';
  private skipLeadingLf = false;
  private started = false;
  private eventType = '';
  private dataLines: string[] = [];

  /** Feeds decoded text; returns the events this text completed, in order. */
  push(text: string): ServerSentEvent[] {
    const events: ServerSentEvent[] = [];
    let input = text;
    if (!this.started && input.length > 0) {
      this.started = true;
      input = input.startsWith('\uFEFF') ? input.slice(1) : input;
    }
    if (this.skipLeadingLf && input.startsWith('\n')) {
      input = input.slice(1);
    }
    this.skipLeadingLf = false;
    let buffer = this.pending + input;
    for (;;) {
      const end = buffer.search(/[\r\n]/);
      if (end < 0) {
        break;
      }
      const line = buffer.slice(0, end);
      if (buffer[end] === '\r' && end === buffer.length - 1) {
        // The LF of a CRLF may come with the next chunk.
        this.skipLeadingLf = true;
        buffer = '';
      } else {
        buffer = buffer.slice(end + (buffer[end] === '\r' && buffer[end + 1] === '\n' ? 2 : 1));
      }
      const event = this.line(line);
      if (event) {
        events.push(event);
      }
    }
    this.pending = buffer;
    return events;
  }

  private line(line: string): ServerSentEvent | undefined {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.eventType = value;
    } else if (field === 'data') {
      this.dataLines.push(value);
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      this.retryMs = Number(value);
    }
    // `id` and unknown fields: this client has no use for them.
    return undefined;
  }

  private dispatch(): ServerSentEvent | undefined {
    const event = this.dataLines.length === 0 ? undefined : { event: this.eventType || 'message', data: this.dataLines.join('\n') };
    this.eventType = '';
    this.dataLines = [];
    return event;
  }
}
