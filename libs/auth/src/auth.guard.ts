import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { AdminTokenRegistry } from './admin-tokens';
import { AuthFailureThrottle, HeaderWritableResponse } from './auth-failure-throttle';
import { CLIENT_AUTH, ClientAuthMetadata, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { ClientRevocationList, ClientTokenRejection, ClientTokenVerifier } from './client-token';
import { AuthenticatedRequest, Principal } from './principal';
import { AdminRole, isRoleAllowed } from './roles';
import { AUTH_REFUSAL_CODES, withCode } from './auth-refusal';

/** Provide a `ClientRevocationList` under this token anywhere in the app to reject blocked clients. */
export const CLIENT_REVOCATION_LIST = Symbol('CLIENT_REVOCATION_LIST');

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * One global guard for both kinds of caller. A blocked client gets 403, not 401: its token is
 * genuine, it is just not allowed any more, and a 401 would invite the agent to renew its token.
 * A token that is neither, and that nobody with a key signed, counts as a failure of the caller's
 * address (AuthFailureThrottle); while that address must wait, its admin tokens and anything else
 * get 429 without being checked — except a genuine client token, checked first, which cannot be a
 * guess (one device guessing behind a NAT must not stop every agent there).
 */
@Injectable()
export class AdminOrClientAuthGuard implements CanActivate {
  private revocations: ClientRevocationList | null | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly adminTokens: AdminTokenRegistry,
    private readonly clientTokens: ClientTokenVerifier,
    private readonly throttle: AuthFailureThrottle,
    private readonly moduleRef: ModuleRef,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    // Credentials only travel over HTTP; any other transport is refused rather than waved through.
    if (context.getType() !== 'http') {
      return false;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw unauthorized(http.getResponse<HeaderWritableResponse>(), 'Missing bearer token', AUTH_REFUSAL_CODES.tokenMissing);
    }
    // A genuine client token cannot be guessed, so it passes even while its address waits: one
    // device guessing behind a NAT must not stop every agent there. Anything else waits unchecked.
    const client = await this.authenticateClient(token);
    if (typeof client === 'string') {
      this.throttle.refuseWhileThrottled(request, http.getResponse<HeaderWritableResponse>());
    }
    const principal = typeof client === 'string' ? this.authenticateAdmin(token, client) : client;
    if (typeof principal === 'string') {
      const rejection = principal;
      // Only a token nobody signed can be a guess; a genuine one that expired or whose key was
      // replaced is an agent about to renew, and must not make its whole NAT wait.
      if (rejection === 'malformed' || rejection === 'bad-signature') {
        this.throttle.recordFailure(request);
      }
      // The agent answers any 401 by renewing its token with its key, so the reason need not be told.
      throw unauthorized(http.getResponse<HeaderWritableResponse>(), 'Invalid or expired token', AUTH_REFUSAL_CODES.tokenInvalid);
    }
    this.authorize(
      principal,
      request,
      this.reflector.getAllAndOverride<ClientAuthMetadata | undefined>(CLIENT_AUTH, targets),
      this.reflector.getAllAndOverride<AdminRole | undefined>(REQUIRED_ROLE, targets),
    );
    request.principal = principal;
    return true;
  }

  /** The client a genuine client token names, or why it is not one (a blocked client is a 403 right here). */
  private async authenticateClient(token: string): Promise<Principal | ClientTokenRejection> {
    const verification = await this.clientTokens.verify(token, this.revocationList() ?? undefined);
    if (verification.ok) {
      return { kind: 'client', clientId: verification.claims.sub, siteCode: verification.claims.site };
    }
    if (verification.reason === 'blocked') {
      throw withCode(new ForbiddenException('Client is blocked'), AUTH_REFUSAL_CODES.clientBlocked);
    }
    return verification.reason;
  }

  /** The admin an admin token names; otherwise why the token, taken for a client token, was refused. */
  private authenticateAdmin(token: string, clientRejection: ClientTokenRejection): Principal | ClientTokenRejection {
    const admin = this.adminTokens.authenticate(token);
    return admin ? { kind: 'admin', role: admin.role, name: admin.name } : clientRejection;
  }

  private authorize(
    principal: Principal,
    request: AuthenticatedRequest,
    clientAuth: ClientAuthMetadata | undefined,
    explicitRole: AdminRole | undefined,
  ): void {
    if (principal.kind === 'client') {
      if (!clientAuth) {
        throw withCode(new ForbiddenException('This endpoint needs an admin token'), AUTH_REFUSAL_CODES.adminTokenRequired);
      }
      const routeClientId = request.params?.[clientAuth.idParam];
      if (routeClientId !== undefined && routeClientId !== principal.clientId) {
        throw withCode(new ForbiddenException('A client token may only act for its own client'), AUTH_REFUSAL_CODES.clientTokenOfOtherClient);
      }
      return;
    }
    if (clientAuth && !clientAuth.allowAdmin) {
      throw withCode(new ForbiddenException('This endpoint needs a client token'), AUTH_REFUSAL_CODES.clientEndpoint);
    }
    if (!isRoleAllowed(principal.role, request.method, explicitRole)) {
      throw withCode(new ForbiddenException(`Role ${principal.role} may not do this`), AUTH_REFUSAL_CODES.roleNotAllowed);
    }
  }

  /** Looked up lazily across the whole app, since the list lives in a service's own module. */
  private revocationList(): ClientRevocationList | null {
    if (this.revocations === undefined) {
      try {
        this.revocations = this.moduleRef.get<ClientRevocationList>(CLIENT_REVOCATION_LIST, { strict: false });
      } catch {
        this.revocations = null;
      }
    }
    return this.revocations;
  }
}

/** The token of an `Authorization: Bearer` header, if that is what it is. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
}

function unauthorized(response: HeaderWritableResponse, message: string, code: string): UnauthorizedException {
  response.setHeader('WWW-Authenticate', 'Bearer');
  return withCode(new UnauthorizedException(message), code);
}
