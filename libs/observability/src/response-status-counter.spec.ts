import express from 'express';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { responseStatusCounter } from './response-status-counter';

describe('responseStatusCounter', () => {
  const registry = new Registry();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    const counted = responseStatusCounter({ registry, name: 'sdp_check_requests_total', help: 'check' });
    app.get('/items/:id', counted, (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') {
        response.status(304).end();
      } else if (request.params.id === 'secret') {
        response.status(403).json({ statusCode: 403 });
      } else {
        response.json({ id: request.params.id });
      }
    });
    app.get('/other', (_request, response) => void response.json({}));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('counts the responses of its routes by status code', async () => {
    await (await fetch(`${url}/items/a`)).text();
    await (await fetch(`${url}/items/a`, { headers: { 'if-none-match': '"v1"' } })).text();
    await (await fetch(`${url}/items/b`, { headers: { 'if-none-match': '"v1"' } })).text();
    await (await fetch(`${url}/items/secret`)).text();
    await (await fetch(`${url}/other`)).text();
    const metric = await registry.getSingleMetric('sdp_check_requests_total')?.get();
    const byOutcome = Object.fromEntries((metric?.values ?? []).map((value) => [value.labels.outcome, value.value]));
    expect(byOutcome).toEqual({ '200': 1, '304': 2, '403': 1 });
  });
});
