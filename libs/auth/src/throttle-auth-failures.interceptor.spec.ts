import { BadRequestException, Body, Controller, Get, INestApplication, Post, UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import request from 'supertest';
import { parseAdminTokens } from './admin-tokens';
import { AUTH_THROTTLE_DEFAULTS, AuthFailureThrottle } from './auth-failure-throttle';
import { Public, RequiresRole } from './auth.decorators';
import { AuthModule } from './auth.module';
import { ClientTokenIssuer, ClientTokenVerifier } from './client-token';
import { generateClientTokenKeyPair } from './client-token-keys';
import { ThrottleAuthFailures } from './throttle-auth-failures.interceptor';

@Controller('api/v1')
class ThrottledController {
  @Public()
  @ThrottleAuthFailures()
  @Post('clients/register')
  register(@Body() body: { secret?: string }): object {
    if (body.secret !== 'right-secret') {
      throw new UnauthorizedException('enrollment secret is not valid');
    }
    return { registered: true };
  }

  @Public()
  @ThrottleAuthFailures()
  @Post('clients/malformed')
  malformed(): object {
    throw new BadRequestException('not a credential failure');
  }

  @Get('packages')
  list(): object {
    return { items: [] };
  }

  @RequiresRole('admin')
  @Get('secrets')
  secrets(): object {
    return {};
  }
}

/** Every request comes from 127.0.0.1, a trusted proxy here, so X-Forwarded-For names the caller. */
describe('throttling failed credentials over HTTP (guard and @ThrottleAuthFailures)', () => {
  const keyPair = generateClientTokenKeyPair();
  const clientToken = new ClientTokenIssuer(createPrivateKey(keyPair.privateKey)).issue({ clientId: 'client-a', siteCode: 'S01' });
  let app: INestApplication;
  const server = (): Parameters<typeof request>[0] => app.getHttpServer();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          adminTokens: parseAdminTokens('admin-t:admin,viewer-t:viewer'),
          clientTokenVerifier: new ClientTokenVerifier(createPublicKey(keyPair.publicKey)),
          failureThrottle: new AuthFailureThrottle({ ...AUTH_THROTTLE_DEFAULTS, failuresPerMinute: 2, trustedProxies: ['127.0.0.1', '::1'] }),
        }),
      ],
      controllers: [ThrottledController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const get = (path: string, caller: string, token?: string): request.Test => {
    const call = request(server()).get(path).set('X-Forwarded-For', caller);
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };

  it('answers 429 with Retry-After to an address after N wrong tokens, its right token included, but not to others', async () => {
    await get('/api/v1/packages', '198.51.100.1', 'guess-1').expect(401);
    await get('/api/v1/packages', '198.51.100.1', 'guess-2').expect(401);

    const refused = await get('/api/v1/packages', '198.51.100.1', 'guess-3').expect(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'too many failed authentication attempts from this address; try again in 60 s',
    });
    expect(refused.text).not.toContain('guess-3');
    await get('/api/v1/packages', '198.51.100.1', 'admin-t').expect(429);
    // A genuine client token cannot be guessed: it is checked even now (and refused here for its role, not throttled).
    await get('/api/v1/packages', '198.51.100.1', clientToken).expect(403);

    await get('/api/v1/packages', '198.51.100.2', 'admin-t').expect(200);
  });

  it('does not count a missing token or a genuine token refused for its role', async () => {
    for (let i = 0; i < 5; i += 1) {
      await get('/api/v1/packages', '198.51.100.3').expect(401);
      await get('/api/v1/secrets', '198.51.100.3', 'viewer-t').expect(403);
      await get('/api/v1/packages', '198.51.100.3', clientToken).expect(403);
    }
    await get('/api/v1/packages', '198.51.100.3', 'admin-t').expect(200);
  });

  it('throttles a route that checks its own secret: 401s count, other errors do not', async () => {
    const register = (caller: string, secret: string): request.Test =>
      request(server()).post('/api/v1/clients/register').set('X-Forwarded-For', caller).send({ secret });

    for (let i = 0; i < 3; i += 1) {
      await request(server()).post('/api/v1/clients/malformed').set('X-Forwarded-For', '198.51.100.4').expect(400);
    }
    await register('198.51.100.4', 'wrong-1').expect(401);
    await register('198.51.100.4', 'wrong-2').expect(401);

    const refused = await register('198.51.100.4', 'right-secret').expect(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body.statusCode).toBe(429);
    await register('198.51.100.5', 'right-secret').expect(201, { registered: true });
  });

  it('counts wrong secrets and wrong tokens from one address in one budget', async () => {
    await request(server()).post('/api/v1/clients/register').set('X-Forwarded-For', '198.51.100.6').send({ secret: 'wrong' }).expect(401);
    await get('/api/v1/packages', '198.51.100.6', 'guess').expect(401);

    await get('/api/v1/packages', '198.51.100.6', 'admin-t').expect(429);
  });
});
