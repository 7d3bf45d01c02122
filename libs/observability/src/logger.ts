import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { activeTraceFields } from './tracing/log-trace-fields';

/**
 * Paths pino blanks in every log line. Secrets must never reach logs even when an object that
 * carries one is logged whole by mistake.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secretKey',
  '*.secret_key',
  '*.accessKeySecret',
  '*.token',
  '*.enrollmentSecret',
  '*.privateKey',
];

/** Query parameters whose values are never logged, as compared: lower case, without `-` and `_`. */
const SECRET_QUERY_PARAMETERS: ReadonlySet<string> = new Set([
  'accesstoken', 'token', 'idtoken', 'refreshtoken', 'secret', 'clientsecret', 'enrollmentsecret', 'password', 'apikey',
  'signature', 'xamzsignature', 'xamzcredential', 'xamzsecuritytoken', 'grant',
]);

/**
 * A request URL fit for a log line: the value of every query parameter that may carry a secret
 * (`?access_token=…`, `X-Amz-Signature`, …) replaced by `[redacted]`, the rest untouched.
 */
export function redactUrlSecrets(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is judged as written
      }
      return equals >= 0 && SECRET_QUERY_PARAMETERS.has(name.trim().toLowerCase().replace(/[-_]/g, '')) ? `${rawName}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart)}?${query}`;
}

export function createLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: activeTraceFields,
  });
}

/** Nest's logger interface over pino, so framework messages are JSON lines too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) {
      this.logger[level]({ context, ...message });
    } else {
      this.logger[level]({ context }, String(message));
    }
  }
}
