import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AdminRole } from './roles';

export interface AdminPrincipal {
  readonly kind: 'admin';
  readonly role: AdminRole;
  readonly name: string;
}

export interface ClientPrincipal {
  readonly kind: 'client';
  readonly clientId: string;
  readonly siteCode: string;
}

export type Principal = AdminPrincipal | ClientPrincipal;

/** The part of an HTTP request the guard reads and writes; express requests satisfy it. */
export interface AuthenticatedRequest {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly params?: Record<string, string | undefined>;
  principal?: Principal;
}

/** The authenticated caller; undefined only on `@Public()` routes. */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);
