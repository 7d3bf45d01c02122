import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { assertNoKafkaDevelopmentDefaultsInProduction, baseServiceEnv, DEV_KAFKA_USERS, kafkaClientEnv, loadConfig } from './index';

const schema = z.object({ ...baseServiceEnv, ...kafkaClientEnv('catalog') });

describe('Kafka client settings', () => {
  it('default to the service’s local development user, without TLS', () => {
    expect(loadConfig(schema, {})).toMatchObject({
      KAFKA_SASL_USERNAME: 'sdp-catalog',
      KAFKA_SASL_PASSWORD: DEV_KAFKA_USERS.catalog.password,
      KAFKA_SSL: false,
    });
  });

  it('take a principal, TLS and a CA file from the environment', () => {
    const caFile = join(__dirname, 'kafka-credentials.spec.ts'); // any readable file stands for a PEM here
    const config = loadConfig(schema, { KAFKA_SASL_USERNAME: 'prod-catalog', KAFKA_SASL_PASSWORD: 'pw', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: caFile });
    expect(config).toMatchObject({ KAFKA_SASL_USERNAME: 'prod-catalog', KAFKA_SASL_PASSWORD: 'pw', KAFKA_SSL: true, KAFKA_SSL_CA_FILE: caFile });
  });

  it.each([
    [{ KAFKA_SSL: 'yes' }, 'configuration error: KAFKA_SSL must be true or false'],
    [{ KAFKA_SASL_PASSWORD: '' }, 'configuration error: KAFKA_SASL_PASSWORD must not be empty'],
    [{ KAFKA_SASL_USERNAME: 'a b' }, 'configuration error: KAFKA_SASL_USERNAME must be letters, digits, dots, hyphens, underscores or @'],
    [{ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.crt' }, 'configuration error: KAFKA_SSL_CA_FILE must be a readable PEM file'],
    [{ KAFKA_SSL_CA_FILE: __dirname }, 'configuration error: KAFKA_SSL_CA_FILE must be a readable PEM file'],
  ])('stop with one line naming the variable for %j', (env, message) => {
    expect(() => loadConfig(schema, env)).toThrow(message);
  });

  it('are refused in production while a development password is in use, without echoing it', () => {
    expect(() => assertNoKafkaDevelopmentDefaultsInProduction({ NODE_ENV: 'production' })).toThrow(/KAFKA_SASL_PASSWORD/);
    for (const { password } of Object.values(DEV_KAFKA_USERS)) {
      const attempt = () => assertNoKafkaDevelopmentDefaultsInProduction({ NODE_ENV: 'production', KAFKA_SASL_PASSWORD: password });
      expect(attempt).toThrow(/KAFKA_SASL_PASSWORD/);
      expect(attempt).not.toThrow(password);
    }
    expect(() => assertNoKafkaDevelopmentDefaultsInProduction({ NODE_ENV: 'production', KAFKA_SASL_PASSWORD: 'a-real-one' })).not.toThrow();
    expect(() => assertNoKafkaDevelopmentDefaultsInProduction({ NODE_ENV: 'development' })).not.toThrow();
  });

  it('are the users the local stack formats its broker with', () => {
    const stack = readFileSync(join(__dirname, '../../../tools/stack/config.mjs'), 'utf8');
    const block = stack.slice(stack.indexOf('const KAFKA_USERS = {'), stack.indexOf('};', stack.indexOf('const KAFKA_USERS = {')));
    const users = [...block.matchAll(/'([^']+)': '([^']+)'/g)].map(([, username, password]) => ({ username, password }));
    expect(users).toEqual(expect.arrayContaining(Object.values(DEV_KAFKA_USERS)));
    expect(users).toHaveLength(Object.keys(DEV_KAFKA_USERS).length);
  });
});
