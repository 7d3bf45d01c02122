import { evaluateReadiness } from './readiness';

describe('evaluateReadiness', () => {
  it('is ready when every check passes', async () => {
    const report = await evaluateReadiness([
      { name: 'database', check: async () => undefined },
      { name: 'kafka', check: async () => undefined },
    ]);
    expect(report).toEqual({ status: 'ready', checks: { database: { status: 'up' }, kafka: { status: 'up' } } });
  });

  it('names the check that failed and why', async () => {
    const report = await evaluateReadiness([
      { name: 'database', check: async () => undefined },
      { name: 's3', check: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9000')) },
    ]);
    expect(report.status).toBe('not-ready');
    expect(report.checks.s3).toEqual({ status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:9000' });
  });

  it('treats a check that hangs as down', async () => {
    const report = await evaluateReadiness([{ name: 'kafka', check: () => new Promise<void>(() => undefined) }], 20);
    expect(report.checks.kafka).toEqual({ status: 'down', error: 'no answer within 20 ms' });
  });
});
