import { AdminRole, isRoleAllowed, requiredRoleFor } from './roles';

describe('role rules', () => {
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  const expected: Record<AdminRole, Record<(typeof methods)[number], boolean>> = {
    admin: { GET: true, HEAD: true, POST: true, PUT: true, PATCH: true, DELETE: true },
    operator: { GET: true, HEAD: true, POST: true, PUT: true, PATCH: true, DELETE: false },
    viewer: { GET: true, HEAD: true, POST: false, PUT: false, PATCH: false, DELETE: false },
  };

  for (const role of Object.keys(expected) as AdminRole[]) {
    for (const method of methods) {
      it(`${role} ${method} → ${expected[role][method] ? 'allowed' : 'forbidden'}`, () => {
        expect(isRoleAllowed(role, method)).toBe(expected[role][method]);
      });
    }
  }

  it('treats methods case-insensitively', () => {
    expect(requiredRoleFor('delete')).toBe('admin');
    expect(requiredRoleFor('get')).toBe('viewer');
  });

  it('lets @RequiresRole("admin") close a route to operators but not admins', () => {
    expect(isRoleAllowed('operator', 'GET', 'admin')).toBe(false);
    expect(isRoleAllowed('viewer', 'GET', 'admin')).toBe(false);
    expect(isRoleAllowed('admin', 'PATCH', 'admin')).toBe(true);
  });

  it('lets @RequiresRole("viewer") open a read-only POST to viewers', () => {
    expect(isRoleAllowed('viewer', 'POST', 'viewer')).toBe(true);
  });
});
