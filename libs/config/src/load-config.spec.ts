import { z } from 'zod';
import { baseServiceEnv, ConfigError, integerVar, loadConfig } from './index';

const schema = z.object({ ...baseServiceEnv, PORT: integerVar(3001, 1, 65535) });

describe('loadConfig', () => {
  it('fills defaults for a local machine', () => {
    const config = loadConfig(schema, {});
    expect(config.PORT).toBe(3001);
    expect(config.SITE_CODE).toBe('S01');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092']);
    expect(config.NODE_ENV).toBe('development');
    expect(config.KAFKA_CONSUMER_SESSION_TIMEOUT_MS).toBe(30_000);
  });

  it('parses given values', () => {
    const config = loadConfig(schema, { PORT: '8080', KAFKA_BROKERS: 'a:9092, b:9093', SITE_CODE: 'P02', KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '10000' });
    expect(config).toMatchObject({ PORT: 8080, KAFKA_BROKERS: ['a:9092', 'b:9093'], SITE_CODE: 'P02', KAFKA_CONSUMER_SESSION_TIMEOUT_MS: 10_000 });
  });

  it.each([
    [{ PORT: 'eighty' }, 'configuration error: PORT must be a whole number'],
    [{ PORT: '70000' }, 'configuration error: PORT must be at most 65535'],
    [{ SITE_CODE: 's1' }, 'configuration error: SITE_CODE must be three upper-case letters or digits'],
    [{ KAFKA_BROKERS: 'nohostport' }, 'configuration error: KAFKA_BROKERS.0 must be a comma-separated list of host:port'],
    [{ DATABASE_URL: 'not a url' }, 'configuration error: DATABASE_URL must be a URL'],
    [{ KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '1000' }, 'configuration error: KAFKA_CONSUMER_SESSION_TIMEOUT_MS must be at least 6000'],
  ])('stops with one line naming the variable for %j', (env, message) => {
    expect(() => loadConfig(schema, env)).toThrow(new ConfigError(message));
  });

  it('names a required variable that is missing without echoing values', () => {
    const required = z.object({ SDP_SECRET_ENCRYPTION_KEY: z.string().min(32) });
    expect(() => loadConfig(required, {})).toThrow('configuration error: SDP_SECRET_ENCRYPTION_KEY is required');
    try {
      loadConfig(required, { SDP_SECRET_ENCRYPTION_KEY: 'short-secret-value' });
    } catch (error) {
      expect((error as Error).message).not.toContain('short-secret-value');
      expect((error as Error).message.split('\n')).toHaveLength(1);
    }
    expect.assertions(3);
  });
});
