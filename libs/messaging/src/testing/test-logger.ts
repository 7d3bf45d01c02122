import { MessagingLogger } from '../logger';

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

/**
 * Writes JSON lines to stderr at or above TEST_LOG_LEVEL (default: error), so a failing run
 * shows what the clients complained about without drowning a passing one.
 */
export function testLogger(name: string): MessagingLogger {
  const configured = (process.env['TEST_LOG_LEVEL'] ?? 'error') as Level;
  const threshold = Math.max(0, LEVELS.indexOf(configured));
  const write = (level: Level) => (context: Record<string, unknown>, message: string) => {
    if (LEVELS.indexOf(level) >= threshold) {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, name, message, ...context })}\n`);
    }
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
