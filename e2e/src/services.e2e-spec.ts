import { runService, ServiceProcess } from './service-process';
import { RunningSystem, ServiceName, startSystem } from './system';

// The five services as built for production, each as a real process against the local stack.
const services: { name: ServiceName; checks: string[] }[] = [
  { name: 'catalog', checks: ['database', 'kafka', 'source-store'] },
  { name: 'content-replication', checks: ['database', 'kafka', 'source-store'] },
  { name: 'targeting', checks: ['database', 'kafka'] },
  { name: 'advertisement', checks: ['database', 'kafka'] },
  { name: 'metering', checks: ['database', 'kafka'] },
];

describe('the five services', () => {
  let system: RunningSystem;
  let running: ServiceProcess[] = [];

  beforeAll(async () => {
    system = await startSystem();
    running = services.map((service) => system.services[service.name]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it.each(services.map((service, index) => [service.name, index] as const))('%s is ready with each of its dependencies up', async (_name, index) => {
    const response = await fetch(`${running[index].url}/health/ready`);
    const report = (await response.json()) as { checks: Record<string, unknown> };
    expect(response.status).toBe(200);
    expect(Object.keys(report.checks).sort()).toEqual([...services[index].checks].sort());
    for (const check of services[index].checks) {
      expect(report.checks[check]).toEqual({ status: 'up' });
    }
    await expect((await fetch(`${running[index].url}/health/live`)).json()).resolves.toEqual({ status: 'live' });
  });

  it.each(services.map((service, index) => [service.name, index] as const))('%s created its database and ran its migrations', async (_name, index) => {
    const tables = await system.sql<{ table_name: string }>(services[index].name, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const names = tables.map((row) => row.table_name);
    expect(names).toEqual(expect.arrayContaining(['outbox_event', 'inbox_event', 'migrations']));
  });

  it.each(services.map((service, index) => [service.name, index] as const))('%s serves metrics, OpenAPI and JSON logs', async (name, index) => {
    const { url } = running[index];
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(`process_cpu_user_seconds_total{service="${name}"}`);
    expect(metrics).toContain('http_request_duration_seconds_bucket');
    expect(metrics).toMatch(/^sdp_outbox_backlog\{service="[a-z-]+"\} 0$/m);

    const openApi = (await (await fetch(`${url}/api/docs-json`)).json()) as { openapi: string; info: { title: string } };
    expect(openApi.openapi).toMatch(/^3\./);
    expect(openApi.info.title).toBe(`sdp ${name}`);
    const docs = await fetch(`${url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');

    const firstLine = running[index].output().split('\n')[0];
    expect(JSON.parse(firstLine)).toMatchObject({ level: 'info', service: name });
  });

  it.each(services.map((service, index) => [service.name, index] as const))('%s answers unknown routes and malformed JSON with the error shape', async (_name, index) => {
    const { url } = running[index];
    const unknown = await fetch(`${url}/api/v1/no-such-thing`, { headers: { authorization: 'Bearer dev-admin-token' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: expect.any(String) });

    const malformed = await fetch(`${url}/api/v1/no-such-thing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer dev-admin-token' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'MALFORMED_JSON' });
  });

  it('each service stops gracefully on SIGTERM', async () => {
    for (const service of running) {
      service.child.kill('SIGTERM');
    }
    const exits = await Promise.all(running.map((service) => service.exited));
    for (const [index, exit] of exits.entries()) {
      expect(exit).toEqual({ code: 0, signal: null });
      const messages = running[index]
        .output()
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg?: string }).msg);
      expect(messages).toContain('shutting down');
      expect(messages).toContain('stopped');
    }
  });
});

describe('a service with bad configuration', () => {
  it('stops at once with one line naming the variable', async () => {
    const service = runService('catalog', 13011, { PORT: 'eighty' });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    expect(service.output().trim()).toBe('catalog: configuration error: PORT must be a whole number');
  });

  it('refuses local development defaults in production', async () => {
    const service = runService('targeting', 13013, { NODE_ENV: 'production' });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    const lines = service.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SDP_ADMIN_TOKENS');
    expect(lines[0]).not.toContain('dev-admin-token');
  });
});
