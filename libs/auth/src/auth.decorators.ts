import { SetMetadata } from '@nestjs/common';
import { AdminRole } from './roles';

export const PUBLIC_ROUTE = 'sdp:auth:public';
export const REQUIRED_ROLE = 'sdp:auth:required-role';
export const CLIENT_AUTH = 'sdp:auth:client';

/** No credentials: health, metrics and client registration (which checks its own secret). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Overrides the role the HTTP method implies (GET/HEAD viewer, DELETE admin, others operator),
 * e.g. `@RequiresRole('admin')` on DP credentials.
 */
export const RequiresRole = (role: AdminRole): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

export interface ClientAuthOptions {
  /** Also let admin tokens in, under the usual role rules. */
  readonly allowAdmin?: boolean;
  /**
   * Route parameter that must equal the token's client ID; routes without that parameter (such
   * as content locations) skip the check. Defaults to `id`.
   */
  readonly idParam?: string;
}

export interface ClientAuthMetadata {
  readonly allowAdmin: boolean;
  readonly idParam: string;
}

/** Endpoints called by agents with the token registration returned. */
export const ClientAuth = (options: ClientAuthOptions = {}): MethodDecorator & ClassDecorator =>
  SetMetadata<string, ClientAuthMetadata>(CLIENT_AUTH, {
    allowAdmin: options.allowAdmin ?? false,
    idParam: options.idParam ?? 'id',
  });
