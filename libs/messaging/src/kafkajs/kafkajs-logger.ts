import { logCreator, logLevel, LogEntry } from 'kafkajs';
import { MessagingLogger } from '../logger';

/** Routes kafkajs' own log lines into the service's logger, tagged with the kafkajs namespace. */
export function kafkaJsLogCreator(logger: MessagingLogger): logCreator {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _origin, ...context } = log;
      const entry = { ...context, kafkajs: namespace };
      switch (effectiveLevel(namespace, level, message)) {
        case logLevel.ERROR:
          logger.error(entry, message);
          break;
        case logLevel.WARN:
          logger.warn(entry, message);
          break;
        case logLevel.INFO:
          logger.info(entry, message);
          break;
        default:
          logger.debug(entry, message);
      }
    };
}

/**
 * kafkajs logs every error response of the broker at ERROR, including the expected ones it
 * retries itself (a rebalance in progress, a coordinator still loading). Those become warnings;
 * a failure that outlasts the retries still surfaces as an error of the operation.
 */
function effectiveLevel(namespace: string, level: logLevel, message: string): logLevel {
  if (level === logLevel.ERROR && namespace === 'Connection' && message.startsWith('Response ')) {
    return logLevel.WARN;
  }
  return level;
}
