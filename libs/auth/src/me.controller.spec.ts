import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import request from 'supertest';
import { parseAdminTokens } from './admin-tokens';
import { AuthModule } from './auth.module';
import { ClientTokenIssuer, ClientTokenVerifier } from './client-token';
import { generateClientTokenKeyPair } from './client-token-keys';
import { AdminPrincipal } from './principal';
import { meResponse } from './me.controller';

describe('meResponse', () => {
  it('gives kind, role and name, and nothing else the principal holds', () => {
    const principal = { kind: 'admin', role: 'operator', name: 'olga', token: 'operator-t' } as AdminPrincipal;
    expect(meResponse(principal)).toEqual({ kind: 'admin', role: 'operator', name: 'olga' });
  });

  it('leaves the name out when the principal has none', () => {
    expect(meResponse({ kind: 'admin', role: 'viewer', name: '' })).toEqual({ kind: 'admin', role: 'viewer' });
  });
});

describe('GET /api/v1/me, served by AuthModule', () => {
  const keyPair = generateClientTokenKeyPair();
  const clientToken = new ClientTokenIssuer(createPrivateKey(keyPair.privateKey)).issue({ clientId: 'client-a', siteCode: 'S01' });
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          adminTokens: parseAdminTokens('admin-t:admin:alice,operator-t:operator:olga,viewer-t:viewer'),
          clientTokenVerifier: new ClientTokenVerifier(createPublicKey(keyPair.publicKey)),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['admin-t', { kind: 'admin', role: 'admin', name: 'alice' }],
    ['operator-t', { kind: 'admin', role: 'operator', name: 'olga' }],
    ['viewer-t', { kind: 'admin', role: 'viewer', name: 'viewer-3' }],
  ])('tells %s its role and name, without the token', async (token, body) => {
    const response = await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);

    expect(response.body).toEqual(body);
    expect(response.text).not.toContain(token);
  });

  it('refuses a client token with 403', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', `Bearer ${clientToken}`).expect(403);

    expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'This endpoint needs an admin token' });
  });

  it('answers 401 without a token or with an unknown one', async () => {
    await request(app.getHttpServer()).get('/api/v1/me').expect(401, { statusCode: 401, error: 'Unauthorized', message: 'Missing bearer token' });
    await request(app.getHttpServer()).get('/api/v1/me').set('Authorization', 'Bearer nobody').expect(401);
  });
});
