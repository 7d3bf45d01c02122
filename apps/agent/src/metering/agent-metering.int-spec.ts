import type { ClientMeteringRule } from '@sdp/contracts';
import { ChildProcess, spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { EventLog } from '../agent/event-log';
import { AgentMetering } from './agent-metering';
import { listLinuxProcesses } from './linux-processes';
import type { UsageRecord } from './usage-tracker';

const CLIENT_ID = '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f';

/**
 * The agent's side of metering on this Linux machine's real /proc, with a real program started
 * and stopped, against an HTTP endpoint that answers as the metering service's client endpoints
 * do (the service's own side is tested in apps/metering against the real stack).
 */
describe('agent metering on Linux', () => {
  let dir: string;
  let program: string;
  let server: Server;
  let url: string;
  let rules: { etag: string; rules: ClientMeteringRule[] };
  let failPosts = false;
  const posts: UsageRecord[][] = [];
  const rulesRequests: (string | undefined)[] = [];
  const children: ChildProcess[] = [];
  let offset = 0;
  const log: EventLog = { event: () => undefined, error: () => undefined };

  const body = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { records: UsageRecord[] };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sdp-metering-'));
    const name = `sdp-metered-${process.pid}`;
    program = join(dir, name);
    await copyFile('/bin/sleep', program);
    rules = { etag: '"v1"', rules: [{ id: 'S0100001', productName: 'Metered', fileName: name.toUpperCase(), originalFileName: null, fileVersion: '*', language: null }] };
    server = createServer((request, response) => {
      void (async () => {
        if (request.url !== `/api/v1/clients/${CLIENT_ID}/metering-rules` && request.url !== `/api/v1/clients/${CLIENT_ID}/usage`) {
          response.writeHead(404).end();
          return;
        }
        if (request.headers.authorization !== 'Bearer client-token') {
          response.writeHead(401).end();
          return;
        }
        if (request.method === 'GET') {
          rulesRequests.push(request.headers['if-none-match']);
          if (request.headers['if-none-match'] === rules.etag) {
            response.writeHead(304, { etag: rules.etag }).end();
            return;
          }
          response.writeHead(200, { 'content-type': 'application/json', etag: rules.etag }).end(JSON.stringify({ rules: rules.rules }));
          return;
        }
        const { records } = await body(request);
        if (failPosts) {
          response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'down' }));
          return;
        }
        posts.push(records);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: records.length, closed: 0, unchanged: 0, unknownRule: 0 }));
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const load = () =>
    AgentMetering.load({
      meteringUrl: url,
      sampleSeconds: 1,
      rulesRefreshSeconds: 10,
      statePath: join(dir, 'metering.json'),
      listProcesses: listLinuxProcesses,
      withCredentials: (work) => work({ clientId: CLIENT_ID, token: 'client-token' }),
      log,
      now: () => Date.now() + offset,
    });

  const start = () => {
    const child = spawn(program, ['120'], { stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const stop = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM'));

  it('records a start and an end of a matching program with its user, sends them, and keeps state across restarts', async () => {
    let metering = await load();
    const before = Date.now();
    const child = start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await metering.tick();
    expect(rulesRequests).toEqual([undefined]);
    expect(posts).toHaveLength(1);
    const [opened] = posts[0];
    expect(opened).toMatchObject({ ruleId: 'S0100001', user: userInfo().username, endedAt: null });
    // The start time is the process's own (/proc), to the clock tick.
    expect(Math.abs(Date.parse(opened.startedAt) - before)).toBeLessThan(1500);

    await stop(child);
    await metering.tick();
    expect(posts).toHaveLength(2);
    expect(posts[1]).toEqual([{ ...opened, endedAt: expect.any(String) }]);
    expect(Date.parse(posts[1][0].endedAt!)).toBeGreaterThanOrEqual(Date.parse(opened.startedAt));
    expect(metering.state).toMatchObject({ open: [], unsent: [] });

    // The service is down: the record waits on disk, through a restart, and goes out once it is back.
    failPosts = true;
    const second = start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await metering.tick();
    expect(posts).toHaveLength(2);
    metering = await load();
    expect(metering.state.unsent).toHaveLength(1);
    expect(metering.state.open).toHaveLength(1);
    const waiting = metering.state.unsent[0];
    failPosts = false;
    await metering.tick();
    expect(posts[2]).toEqual([waiting]);
    expect(rulesRequests).toEqual([undefined, '"v1"']);

    // A rule no longer given (disabled) closes the run now and opens none.
    rules = { etag: '"v2"', rules: [] };
    offset += 11_000;
    await metering.tick();
    expect(posts[3]).toEqual([{ ...waiting, endedAt: expect.any(String) }]);
    await metering.tick();
    expect(posts).toHaveLength(4);
    await stop(second);
  });
});
