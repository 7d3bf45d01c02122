import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AdminTokenRegistry } from './admin-tokens';
import { AuthConfig, loadAuthConfig } from './auth-config';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { AdminOrClientAuthGuard } from './auth.guard';
import { ClientTokenIssuer, ClientTokenVerifier } from './client-token';
import { MeController } from './me.controller';

/**
 * Importing `AuthModule.forRoot(...)` protects every route of the service; routes opt out with
 * `@Public()` or switch to client tokens with `@ClientAuth()`. It also serves `GET /api/v1/me`,
 * which tells an admin token its role, and `AuthFailureThrottle` for `@ThrottleAuthFailures()`.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig = loadAuthConfig()): DynamicModule {
    const exported: Provider[] = [
      { provide: AdminTokenRegistry, useValue: config.adminTokens },
      { provide: ClientTokenVerifier, useValue: config.clientTokenVerifier },
      { provide: AuthFailureThrottle, useValue: config.failureThrottle ?? new AuthFailureThrottle() },
      ...(config.clientTokenIssuer ? [{ provide: ClientTokenIssuer, useValue: config.clientTokenIssuer }] : []),
    ];
    return {
      module: AuthModule,
      global: true,
      controllers: [MeController],
      providers: [...exported, { provide: APP_GUARD, useClass: AdminOrClientAuthGuard }],
      exports: exported,
    };
  }
}
