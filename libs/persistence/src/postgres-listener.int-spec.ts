import { Client } from 'pg';
import { PostgresListener } from './postgres-listener';

const databaseUrl = `${process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'}/postgres`;
const APPLICATION = `sdp-listener-test-${process.pid}`;

async function until<T>(read: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The shared LISTEN connection on the real PostgreSQL: hears NOTIFYs, and listens again after its connection is killed. */
describe('PostgresListener (real PostgreSQL)', () => {
  const admin = new Client({ connectionString: databaseUrl });
  const heard: [string, string | undefined][] = [];
  const warnings: string[] = [];
  let listenings = 0;
  let losses = 0;
  const channel = `sdp_listener_test_${process.pid}`;
  const listener = new PostgresListener({
    databaseUrl,
    applicationName: APPLICATION,
    channels: [channel, `${channel}_other`],
    listensFor: 'test announcements',
    retryDelayMs: () => 50,
    onNotification: (name, payload) => heard.push([name, payload]),
    onListening: () => (listenings += 1),
    onLost: () => (losses += 1),
    logger: { warn: (message) => warnings.push(message) },
  });

  beforeAll(async () => {
    await admin.connect();
  });

  afterAll(async () => {
    await listener.stop();
    await admin.end();
  });

  it('refuses a channel name that is not a plain identifier (it goes into the LISTEN statement)', () => {
    expect(() => new PostgresListener({ ...listenerOptions(), channels: ['ok', 'bad; DROP TABLE x'] })).toThrow('not a channel name: bad; DROP TABLE x');
  });

  it('hears each channel, and after its connection is killed listens again and says so', async () => {
    await listener.start();
    expect(listener.listening).toBe(true);
    expect(listenings).toBe(1);
    await admin.query(`SELECT pg_notify($1, 'one'), pg_notify($2, '')`, [channel, `${channel}_other`]);
    await until(() => (heard.length >= 2 ? heard : undefined), 'two notifications');
    expect(heard).toEqual([
      [channel, 'one'],
      [`${channel}_other`, ''],
    ]);

    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [APPLICATION]);
    await until(() => (listenings === 2 ? true : undefined), 'listening again');
    expect(losses).toBe(1);
    expect(warnings.some((warning) => warning.startsWith('lost the connection listening for test announcements, reconnecting'))).toBe(true);
    await admin.query(`SELECT pg_notify($1, 'two')`, [channel]);
    await until(() => (heard.length >= 3 ? true : undefined), 'a notification after reconnecting');
    expect(heard[2]).toEqual([channel, 'two']);

    await listener.stop();
    expect(listener.listening).toBe(false);
  });

  function listenerOptions() {
    return { databaseUrl, applicationName: APPLICATION, channels: [channel], listensFor: 'x', retryDelayMs: () => 50, onNotification: () => undefined, onListening: () => undefined, logger: { warn: () => undefined } };
  }
});
