/** One JSON object per line on stdout (for scripts and tests); readable errors on stderr. */
export interface EventLog {
  event(name: string, fields?: Record<string, unknown>): void;
  error(message: string): void;
}

export const consoleEventLog: EventLog = {
  event(name, fields = {}) {
    process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), event: name, ...fields })}\n`);
  },
  error(message) {
    process.stderr.write(`sdp-agent: ${message}\n`);
  },
};
