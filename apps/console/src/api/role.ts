import { FetchLike } from './api-client';
import { apiErrorFrom } from './api-error';

export type Role = 'viewer' | 'operator' | 'admin';

/** The console server learns the token's role from the catalog's GET /api/v1/me (see server/role.ts). */
export async function fetchRole(token: string, fetcher: FetchLike = (input, init) => fetch(input, init)): Promise<Role> {
  const response = await fetcher('/console/role', { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  const body = (await response.json().catch(() => ({}))) as { role?: Role };
  if (!response.ok || !body.role) throw apiErrorFrom(response.status, body);
  return body.role;
}

export const canWrite = (role: Role): boolean => role !== 'viewer';
export const canDelete = (role: Role): boolean => role === 'admin';
