import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminPrincipal, Principal } from './principal';
import { AdminRole } from './roles';

/** The answer of `GET /api/v1/me`: who the admin token belongs to, never the token itself. */
export interface MeResponse {
  readonly kind: 'admin';
  readonly role: AdminRole;
  /** The token's name in SDP_ADMIN_TOKENS (`<role>-<position>` when the entry gives none). */
  readonly name?: string;
}

/** Picks the fields a caller may see about itself, so nothing else the principal holds leaks out. */
export function meResponse(principal: AdminPrincipal): MeResponse {
  return { kind: 'admin', role: principal.role, ...(principal.name ? { name: principal.name } : {}) };
}

/**
 * Served by every service through `AuthModule`. A GET, so any admin role may call it; it is not
 * `@ClientAuth()`, so the guard answers a client token with 403 before this runs.
 */
@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  @Get()
  @ApiOperation({ summary: "The calling admin token's role and name" })
  @ApiForbiddenResponse({ description: 'A client token: this endpoint needs an admin token' })
  me(@Principal() principal: AdminPrincipal): MeResponse {
    return meResponse(principal);
  }
}
