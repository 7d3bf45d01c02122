import { Controller, Delete, Get, HttpCode, INestApplication, Module, Patch, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import request from 'supertest';
import { parseAdminTokens } from './admin-tokens';
import { ClientAuth, Public, RequiresRole } from './auth.decorators';
import { CLIENT_REVOCATION_LIST } from './auth.guard';
import { AuthModule } from './auth.module';
import { ClientRevocationList, ClientTokenIssuer, ClientTokenVerifier } from './client-token';
import { signJws } from './compact-jws';
import { DEV_CLIENT_TOKEN_KEYPAIR, generateClientTokenKeyPair } from './client-token-keys';
import { loadAuthConfig } from './auth-config';
import { Principal } from './principal';

@Controller('api/v1')
class ExampleController {
  @Public()
  @Get('health/live')
  live(@Principal() principal: Principal | undefined): object {
    return { status: 'ok', principal: principal ?? null };
  }

  @Public()
  @Post('clients/register')
  register(): object {
    return { registered: true };
  }

  @Get('packages')
  list(@Principal() principal: Principal): Principal {
    return principal;
  }

  @Post('packages')
  create(@Principal() principal: Principal): Principal {
    return principal;
  }

  @Patch('packages/:id')
  update(@Principal() principal: Principal): Principal {
    return principal;
  }

  @Delete('packages/:id')
  @HttpCode(204)
  remove(): void {
    return undefined;
  }

  @RequiresRole('admin')
  @Get('distribution-points/:name/credentials')
  credentials(): object {
    return { secret: 'shown-to-admins-only' };
  }

  @RequiresRole('viewer')
  @Post('collections/preview')
  preview(): object {
    return { count: 0 };
  }

  @ClientAuth()
  @Post('clients/:id/heartbeat')
  heartbeat(@Principal() principal: Principal): Principal {
    return principal;
  }

  @ClientAuth({ allowAdmin: true })
  @Get('clients/:id/policy')
  policy(@Principal() principal: Principal): Principal {
    return principal;
  }

  @ClientAuth()
  @Get('content-locations')
  contentLocations(@Principal() principal: Principal): Principal {
    return principal;
  }
}

@Public()
@Controller('metrics')
class MetricsController {
  @Get()
  metrics(): string {
    return 'up 1';
  }
}

function flipFirstByte(base64url: string): string {
  const bytes = Buffer.from(base64url, 'base64url');
  bytes[0] ^= 0x01;
  return bytes.toString('base64url');
}

function send(server: Parameters<typeof request>[0], method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string): request.Test {
  const agent = request(server);
  switch (method) {
    case 'GET':
      return agent.get(path);
    case 'POST':
      return agent.post(path);
    case 'PATCH':
      return agent.patch(path);
    case 'DELETE':
      return agent.delete(path);
  }
}

const blockedClients = new Set(['blocked-client']);
/** client-rekeyed got a new key: its tokens of generation 0 are superseded, those of generation 1 stand. */
const revocations: ClientRevocationList = {
  statusOf: (id, generation) => (blockedClients.has(id) ? 'blocked' : id === 'client-rekeyed' && generation < 1 ? 'superseded' : 'valid'),
};

/** Not global and not imported by AuthModule: the guard must still find the list. */
@Module({
  providers: [{ provide: CLIENT_REVOCATION_LIST, useValue: revocations }],
})
class BlockedClientsModule {}

describe('AdminOrClientAuthGuard over HTTP', () => {
  const keyPair = generateClientTokenKeyPair();
  const issuer = new ClientTokenIssuer(createPrivateKey(keyPair.privateKey));
  const clientToken = issuer.issue({ clientId: 'client-a', siteCode: 'S01' });
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          adminTokens: parseAdminTokens('admin-t:admin:alice,operator-t:operator:olga,viewer-t:viewer:vic'),
          clientTokenVerifier: new ClientTokenVerifier(createPublicKey(keyPair.publicKey)),
          clientTokenIssuer: issuer,
        }),
        BlockedClientsModule,
      ],
      controllers: [ExampleController, MetricsController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

  describe('public routes', () => {
    it('serve health, metrics and registration without credentials', async () => {
      await request(app.getHttpServer()).get('/api/v1/health/live').expect(200, { status: 'ok', principal: null });
      await request(app.getHttpServer()).get('/metrics').expect(200, 'up 1');
      await request(app.getHttpServer()).post('/api/v1/clients/register').expect(201);
    });
  });

  describe('admin tokens', () => {
    it('answers 401 in the common error shape without a token', async () => {
      const response = await request(app.getHttpServer()).get('/api/v1/packages').expect(401);

      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Missing bearer token' });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('answers 401 to an unknown token and does not echo it', async () => {
      const response = await request(app.getHttpServer())
        .get('/api/v1/packages')
        .set(...bearer('guessed-token'))
        .expect(401);

      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid or expired token' });
      expect(response.text).not.toContain('guessed-token');
    });

    it('answers 401 to other schemes and malformed headers', async () => {
      for (const header of ['Basic YWRtaW4tdDo=', 'admin-t', 'Bearer', 'Bearer admin-t extra']) {
        await request(app.getHttpServer()).get('/api/v1/packages').set('Authorization', header).expect(401);
      }
    });

    it('accepts the scheme in any case and attaches the principal', async () => {
      await request(app.getHttpServer())
        .get('/api/v1/packages')
        .set('Authorization', 'bearer viewer-t')
        .expect(200, { kind: 'admin', role: 'viewer', name: 'vic' });
    });

    it.each([
      ['viewer-t', 'GET', '/api/v1/packages', 200],
      ['viewer-t', 'POST', '/api/v1/packages', 403],
      ['viewer-t', 'PATCH', '/api/v1/packages/p1', 403],
      ['viewer-t', 'DELETE', '/api/v1/packages/p1', 403],
      ['viewer-t', 'POST', '/api/v1/collections/preview', 201],
      ['viewer-t', 'GET', '/api/v1/distribution-points/dp1/credentials', 403],
      ['operator-t', 'GET', '/api/v1/packages', 200],
      ['operator-t', 'POST', '/api/v1/packages', 201],
      ['operator-t', 'PATCH', '/api/v1/packages/p1', 200],
      ['operator-t', 'DELETE', '/api/v1/packages/p1', 403],
      ['operator-t', 'GET', '/api/v1/distribution-points/dp1/credentials', 403],
      ['admin-t', 'GET', '/api/v1/packages', 200],
      ['admin-t', 'POST', '/api/v1/packages', 201],
      ['admin-t', 'PATCH', '/api/v1/packages/p1', 200],
      ['admin-t', 'DELETE', '/api/v1/packages/p1', 204],
      ['admin-t', 'GET', '/api/v1/distribution-points/dp1/credentials', 200],
    ] as const)('%s %s %s → %i', async (token, method, path, status) => {
      const response = await send(app.getHttpServer(), method, path).set(...bearer(token)).expect(status);

      if (status === 403) {
        expect(response.body).toEqual({
          statusCode: 403,
          error: 'Forbidden',
          message: `Role ${token.replace('-t', '')} may not do this`,
        });
      }
    });

    it('keeps admins off client-only endpoints', async () => {
      const response = await request(app.getHttpServer())
        .post('/api/v1/clients/client-a/heartbeat')
        .set(...bearer('admin-t'))
        .expect(403);

      expect(response.body.message).toBe('This endpoint needs a client token');
    });

    it('lets admins onto client endpoints that allow them, under the role rules', async () => {
      await request(app.getHttpServer())
        .get('/api/v1/clients/client-a/policy')
        .set(...bearer('viewer-t'))
        .expect(200, { kind: 'admin', role: 'viewer', name: 'vic' });
    });
  });

  describe('client tokens', () => {
    it('let a client act for itself and attach its principal', async () => {
      const expected = { kind: 'client', clientId: 'client-a', siteCode: 'S01' };

      await request(app.getHttpServer()).post('/api/v1/clients/client-a/heartbeat').set(...bearer(clientToken)).expect(201, expected);
      await request(app.getHttpServer()).get('/api/v1/clients/client-a/policy').set(...bearer(clientToken)).expect(200, expected);
    });

    it("refuse another client's ID with 403", async () => {
      const response = await request(app.getHttpServer())
        .get('/api/v1/clients/client-b/policy')
        .set(...bearer(clientToken))
        .expect(403);

      expect(response.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        message: 'A client token may only act for its own client',
      });
    });

    it('skip the ID check on routes without an :id parameter', async () => {
      await request(app.getHttpServer()).get('/api/v1/content-locations').set(...bearer(clientToken)).expect(200);
    });

    it('are refused on admin endpoints with 403', async () => {
      const response = await request(app.getHttpServer()).get('/api/v1/packages').set(...bearer(clientToken)).expect(403);

      expect(response.body.message).toBe('This endpoint needs an admin token');
    });

    it('answer 401 when tampered with, signed by another key or expired', async () => {
      const [header, payload, signature] = clientToken.split('.');
      const otherKey = new ClientTokenIssuer(createPrivateKey(generateClientTokenKeyPair().privateKey));
      const expired = new ClientTokenIssuer(createPrivateKey(keyPair.privateKey), () => Date.now() - 120_000).issue({
        clientId: 'client-a',
        siteCode: 'S01',
        expiresInSeconds: 60,
      });
      const forgedPayload = Buffer.from(JSON.stringify({ sub: 'client-b', site: 'S01', iat: 1 })).toString('base64url');
      const withoutExpiry = signJws({ sub: 'client-a', site: 'S01', iat: Math.floor(Date.now() / 1000) }, 'JWT', createPrivateKey(keyPair.privateKey));
      const badTokens = [
        `${header}.${forgedPayload}.${signature}`,
        `${header}.${payload}.${flipFirstByte(signature)}`,
        otherKey.issue({ clientId: 'client-a', siteCode: 'S01' }),
        expired,
        withoutExpiry,
      ];

      for (const token of badTokens) {
        const response = await request(app.getHttpServer())
          .post('/api/v1/clients/client-a/heartbeat')
          .set(...bearer(token))
          .expect(401);
        expect(response.body.message).toBe('Invalid or expired token');
        expect(response.text).not.toContain(token);
      }
    });

    it('answer 401 for a token of a key the client has replaced, so its agent renews with its key', async () => {
      const oldToken = issuer.issue({ clientId: 'client-rekeyed', siteCode: 'S01', keyGeneration: 0 });
      const newToken = issuer.issue({ clientId: 'client-rekeyed', siteCode: 'S01', keyGeneration: 1 });

      await request(app.getHttpServer()).post('/api/v1/clients/client-rekeyed/heartbeat').set(...bearer(oldToken)).expect(401);
      await request(app.getHttpServer()).post('/api/v1/clients/client-rekeyed/heartbeat').set(...bearer(newToken)).expect(201);
    });

    it('answer 403 for a blocked client, via the revocation list provided in another module', async () => {
      const blockedToken = issuer.issue({ clientId: 'blocked-client', siteCode: 'S01' });

      const response = await request(app.getHttpServer())
        .post('/api/v1/clients/blocked-client/heartbeat')
        .set(...bearer(blockedToken))
        .expect(403);

      expect(response.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'Client is blocked' });
    });
  });

  it('exports the issuer and verifier for injection', () => {
    expect(app.get(ClientTokenIssuer)).toBe(issuer);
    expect(app.get(ClientTokenVerifier)).toBeInstanceOf(ClientTokenVerifier);
  });
});

describe('AuthModule on local defaults without a revocation list', () => {
  it('accepts the dev admin token and client tokens signed with the development key pair', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AuthModule.forRoot(loadAuthConfig({}))],
      controllers: [ExampleController],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const devIssuer = new ClientTokenIssuer(createPrivateKey(DEV_CLIENT_TOKEN_KEYPAIR.privateKey));
      const token = devIssuer.issue({ clientId: 'client-a', siteCode: 'S01' });

      await request(app.getHttpServer()).get('/api/v1/packages').set('Authorization', 'Bearer dev-admin-token').expect(200);
      await request(app.getHttpServer())
        .post('/api/v1/clients/client-a/heartbeat')
        .set('Authorization', `Bearer ${token}`)
        .expect(201);
    } finally {
      await app.close();
    }
  });
});
