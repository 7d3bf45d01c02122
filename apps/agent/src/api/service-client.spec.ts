import { PendingApprovalError, ServiceClient } from './service-client';

const URLS = { targeting: 'http://targeting.test', advertisement: 'http://advertisement.test', replication: 'http://replication.test' };
const REQUEST = { enrollmentSecret: 's', name: 'pc', hardwareId: 'hw', os: { name: 'linux', version: '6', arch: 'x64' }, ipAddresses: [], publicKey: 'k', proof: { challenge: 'c', signature: 's' } };

function answering(status: number, body: unknown): void {
  jest.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
}

describe('ServiceClient.register', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives the credentials of a 201', async () => {
    answering(201, { clientId: 'c-1', token: 't' });
    await expect(new ServiceClient(URLS).register(REQUEST)).resolves.toEqual({ clientId: 'c-1', token: 't' });
  });

  it('says the computer waits, and why, when targeting answers 202 pending', async () => {
    answering(202, { clientId: 'c-2', status: 'pending', message: 'another client already has this hardware ID' });
    const registering = new ServiceClient(URLS).register(REQUEST);
    await expect(registering).rejects.toBeInstanceOf(PendingApprovalError);
    await expect(registering).rejects.toMatchObject({ clientId: 'c-2', message: 'another client already has this hardware ID' });
  });

  it('falls back to its own words when a 202 gives no message', async () => {
    answering(202, { clientId: 'c-3', status: 'pending' });
    await expect(new ServiceClient(URLS).register(REQUEST)).rejects.toMatchObject({ message: 'waiting for an administrator to approve this computer' });
  });
});
