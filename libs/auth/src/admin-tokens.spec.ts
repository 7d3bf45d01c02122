import { DEFAULT_ADMIN_TOKENS, loadAdminTokens, parseAdminTokens } from './admin-tokens';
import { hashSecret } from './secret-hash';

describe('parseAdminTokens', () => {
  it('reads token:role:name entries and authenticates each token with its role and name', () => {
    const registry = parseAdminTokens('t-admin:admin:alice, t-op:operator:bob ,t-view:viewer');

    expect(registry.size).toBe(3);
    expect(registry.authenticate('t-admin')).toEqual({ role: 'admin', name: 'alice' });
    expect(registry.authenticate('t-op')).toEqual({ role: 'operator', name: 'bob' });
    expect(registry.authenticate('t-view')).toEqual({ role: 'viewer', name: 'viewer-3' });
    expect(registry.authenticate('t-other')).toBeUndefined();
    expect(registry.authenticate('')).toBeUndefined();
  });

  it('accepts pre-hashed entries so configuration need not hold the token', () => {
    const registry = parseAdminTokens(`${hashSecret('s3cret-token')}:operator:ci`);

    expect(registry.authenticate('s3cret-token')).toEqual({ role: 'operator', name: 'ci' });
    expect(registry.authenticate(hashSecret('s3cret-token'))).toBeUndefined();
  });

  it('accepts upper-case hex in hashed entries and colons inside names', () => {
    const hex = hashSecret('abc').slice('sha256='.length).toUpperCase();
    expect(parseAdminTokens(`sha256=${hex}:viewer:team:ops`).authenticate('abc')).toEqual({
      role: 'viewer',
      name: 'team:ops',
    });
  });

  it('falls back to the local default when unset or blank', () => {
    for (const setting of [undefined, '', '   ']) {
      expect(parseAdminTokens(setting).authenticate('dev-admin-token')).toEqual({ role: 'admin', name: 'dev-admin' });
    }
    expect(DEFAULT_ADMIN_TOKENS.startsWith('dev-admin-token:admin')).toBe(true);
    expect(loadAdminTokens({}).authenticate('dev-admin-token')?.role).toBe('admin');
    expect(loadAdminTokens({ SDP_ADMIN_TOKENS: 'x-token:viewer' }).authenticate('dev-admin-token')).toBeUndefined();
  });

  it('skips empty entries such as a trailing comma', () => {
    expect(parseAdminTokens('a-token:admin,').size).toBe(1);
  });

  it.each([
    ['missing role', 'good:admin,secret-token-value', 'entry 2 of 2', 'expected token:role'],
    ['unknown role', 'secret-token-value:root', 'entry 1 of 1', 'role must be admin, operator or viewer'],
    ['swapped fields', 'admin:secret-token-value', 'entry 1 of 1', 'role must be'],
    ['empty token', ':admin', 'entry 1 of 1', 'empty or contains whitespace'],
    ['whitespace inside token', 'secret token-value:admin', 'entry 1 of 1', 'empty or contains whitespace'],
    ['bad hash', 'sha256=secret-token-value:admin', 'entry 1 of 1', '64 hex digits'],
    ['duplicate token', 'secret-token-value:admin,secret-token-value:viewer', 'entry 2 of 2', 'earlier entry'],
  ])('rejects %s naming the variable and entry, never the token', (_case, setting, position, problem) => {
    let error: Error | undefined;
    try {
      parseAdminTokens(setting);
    } catch (caught) {
      error = caught as Error;
    }

    expect(error?.message).toContain(`SDP_ADMIN_TOKENS ${position} is invalid`);
    expect(error?.message).toContain(problem);
    expect(error?.message).not.toContain('secret-token-value');
  });

  it('rejects a hashed duplicate of a plain entry', () => {
    expect(() => parseAdminTokens(`one-token:admin,${hashSecret('one-token')}:viewer`)).toThrow('entry 2 of 2');
  });

  it('rejects a setting with only separators', () => {
    expect(() => parseAdminTokens(' , ,')).toThrow('SDP_ADMIN_TOKENS holds no token entries');
  });

  it('names a custom variable in errors', () => {
    expect(() => parseAdminTokens('x:bad', 'OTHER_TOKENS')).toThrow('OTHER_TOKENS entry 1 of 1');
  });
});
