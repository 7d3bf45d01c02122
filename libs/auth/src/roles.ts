export const ADMIN_ROLES = ['viewer', 'operator', 'admin'] as const;

export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(value: string): value is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The weakest role a request needs. An explicit `@RequiresRole` wins over the method default,
 * which lets a read-only POST (a preview) open up to viewers and DP credentials close to
 * operators.
 */
export function requiredRoleFor(method: string, explicitRole?: AdminRole): AdminRole {
  if (explicitRole) {
    return explicitRole;
  }
  const upperMethod = method.toUpperCase();
  if (READ_METHODS.has(upperMethod)) {
    return 'viewer';
  }
  return upperMethod === 'DELETE' ? 'admin' : 'operator';
}

/** Roles are ordered: admin can do what operator can, operator what viewer can. */
export function roleSatisfies(role: AdminRole, required: AdminRole): boolean {
  return ADMIN_ROLES.indexOf(role) >= ADMIN_ROLES.indexOf(required);
}

export function isRoleAllowed(role: AdminRole, method: string, explicitRole?: AdminRole): boolean {
  return roleSatisfies(role, requiredRoleFor(method, explicitRole));
}
