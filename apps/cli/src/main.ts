import { runCli } from './cli';

/** If a command ignores Ctrl-C (only a watch listens for it), it ends this long after. */
const INTERRUPT_GRACE_MS = 1000;
const EXIT_INTERRUPTED = 130;

const interrupt = new AbortController();
process.on('SIGINT', () => {
  interrupt.abort();
  setTimeout(() => process.exit(EXIT_INTERRUPTED), INTERRUPT_GRACE_MS).unref();
});

const terminal = (stream: NodeJS.WriteStream) => ({
  write: (text: string) => void stream.write(text),
  isTTY: stream.isTTY === true,
  columns: stream.columns,
});

runCli(process.argv.slice(2), { stdout: terminal(process.stdout), stderr: terminal(process.stderr), env: process.env, signal: interrupt.signal }).then(
  (code) => {
    process.exitCode = code;
  },
);
