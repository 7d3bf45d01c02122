import { AdminFlow, waitFor } from '../whole-system/flow';
import { RunningSystem, startSystem } from '../system';
import { HostileRequest, hostileRequests, KnownValue, OpenApiDocument, operationsOf } from './openapi-walk';
import { registeredClient } from '@sdp/testing';

// Every operation of the five services' OpenAPI documents, walked with hostile variants of its
// path, query and body against the built services on the real stack: no input may end in a 5xx.

interface Answer {
  request: HostileRequest;
  status: number;
  message: string;
}

const PARALLEL = 4;

describe('hostile input, walked from the OpenAPI documents', () => {
  let system: RunningSystem;
  let known: KnownValue;
  let clientToken: string;

  beforeAll(async () => {
    system = await startSystem();
    const flow = new AdminFlow(system);
    const packageId = await flow.createPackage('Walk Tool');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.addDistributionPoint('walk-dp', 0);
    const collectionId = await flow.queryCollection('Walk computers', "inventory.department = 'Walk'");
    const advertisementId = await flow.advertise({ name: 'Walk Tool', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }] });
    const registered = await registeredClient(system.urls.targeting, {
      enrollmentSecret: 'dev-enroll-secret',
      name: 'walker',
      hardwareId: `walk-${system.runId}`,
      os: { name: 'linux', version: '6.8', arch: 'x64' },
      ipAddresses: ['10.1.0.5'],
    });
    clientToken = registered.token;
    const meteringRule = await fetch(`${system.urls.metering}/api/v1/metering/rules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ productName: 'Walk Tool', fileName: 'walk' }),
    });
    const meteringRuleId = ((await meteringRule.json()) as { id: string }).id;
    known = (path, parameter) => {
      if (parameter === 'windowId') return '1';
      if (parameter === 'version') return '1';
      if (parameter === 'clientId') return registered.clientId;
      if (path.includes('/distribution-points/{name}') && parameter === 'name') return 'walk-dp';
      if (path.includes('/programs/{name}') && parameter === 'name') return 'Install';
      if (path.startsWith('/api/v1/packages/') || parameter === 'packageId') return packageId;
      if (path.startsWith('/api/v1/clients/')) return registered.clientId;
      if (path.startsWith('/api/v1/collections/')) return collectionId;
      if (path.startsWith('/api/v1/advertisements/')) return advertisementId;
      if (path.startsWith('/api/v1/metering/rules/')) return meteringRuleId;
      return undefined;
    };
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function send(baseUrl: string, request: HostileRequest, token: string | undefined): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (request.contentType) headers['content-type'] = request.contentType;
    try {
      const response = await fetch(`${baseUrl}${request.target}`, { method: request.method, headers, body: request.body });
      const text = await response.text();
      return { request, status: response.status, message: text.slice(0, 300) };
    } catch (error) {
      // A dropped connection is as bad as a 5xx: the service gave no answer.
      return { request, status: 599, message: `no answer: ${(error as Error).message}` };
    }
  }

  it.each([['catalog'], ['replication'], ['targeting'], ['advertisement'], ['metering']] as const)('%s answers every hostile variant of every operation with 2xx or 4xx, never 5xx', async (service) => {
    const baseUrl = system.urls[service];
    const document = (await (await fetch(`${baseUrl}/api/docs-json`)).json()) as OpenApiDocument;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(5);

    const answers: Answer[] = [];
    for (const operation of operations) {
      const requests = hostileRequests(operation, known);
      if (requests.length === 0) continue; // no input to be hostile with (GET /api/v1/me)
      // Admin token first; an operation only a client may call gets the client's token.
      let token: string | undefined = system.adminToken;
      const probe = await send(baseUrl, requests[0], token);
      if (probe.status === 401 || probe.status === 403) {
        const asClient = await send(baseUrl, requests[0], clientToken);
        if (asClient.status !== 401 && asClient.status !== 403) token = clientToken;
        answers.push(asClient);
      }
      answers.push(probe);
      for (let next = 1; next < requests.length; next += PARALLEL) {
        answers.push(...(await Promise.all(requests.slice(next, next + PARALLEL).map((request) => send(baseUrl, request, token)))));
      }
    }

    const failures = answers
      .filter((answer) => answer.status >= 500)
      .map((answer) => `${answer.request.method} ${answer.request.operation.path} [${answer.request.variant}] → ${answer.status} ${answer.message}`);
    expect({ service, requests: answers.length, failures }).toEqual({ service, requests: answers.length, failures: [] });
    expect(answers.length).toBeGreaterThan(100);
    // A token sent in the query is refused, and its value never reaches the log.
    const secret = `query-secret-${system.runId}`;
    expect((await fetch(`${baseUrl}/api/v1/me?access_token=${secret}&limit=1`)).status).toBe(401);
    const serviceName = service === 'replication' ? 'content-replication' : service;
    await waitFor(async () => (system.services[serviceName].output().includes('access_token=[redacted]&limit=1') ? true : undefined), 5_000, 'the request in the log');
    expect(system.services[serviceName].output()).not.toContain(secret);
    // Still serving after all of it.
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
  });
});
