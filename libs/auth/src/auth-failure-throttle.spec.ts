import { ConfigError } from '@sdp/config';
import { BlockList } from 'node:net';
import {
  AUTH_THROTTLE_DEFAULTS,
  AuthFailureThrottle,
  AuthThrottleSettings,
  loadAuthThrottleSettings,
  sourceAddress,
  throttleKey,
  ThrottledRequest,
  TooManyAuthFailuresException,
} from './auth-failure-throttle';

function from(remoteAddress: string, forwardedFor?: string): ThrottledRequest {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } };
}

function throttleAt(settings: Partial<AuthThrottleSettings> = {}): { throttle: AuthFailureThrottle; advance: (seconds: number) => void } {
  let now = 1_700_000_000_000;
  const throttle = new AuthFailureThrottle({ ...AUTH_THROTTLE_DEFAULTS, failuresPerMinute: 3, ...settings }, () => now);
  return { throttle, advance: (seconds) => (now += seconds * 1000) };
}

function fail(throttle: AuthFailureThrottle, request: ThrottledRequest, times = 1): void {
  for (let i = 0; i < times; i += 1) {
    throttle.recordFailure(request);
  }
}

const A = from('192.0.2.1');
const B = from('192.0.2.2');

describe('AuthFailureThrottle', () => {
  it('lets an address fail N-1 times, then makes it wait a minute after the Nth failure', () => {
    const { throttle } = throttleAt();

    fail(throttle, A, 2);
    expect(throttle.retryAfterSeconds(A)).toBe(0);
    fail(throttle, A);
    expect(throttle.retryAfterSeconds(A)).toBe(60);
  });

  it('counts failures within one minute only', () => {
    const { throttle, advance } = throttleAt();

    fail(throttle, A, 2);
    advance(61);
    fail(throttle, A, 2);
    expect(throttle.retryAfterSeconds(A)).toBe(0);
    fail(throttle, A);
    expect(throttle.retryAfterSeconds(A)).toBe(60);
  });

  it('ends the wait when it is over and doubles it with each further failure, up to the cap', () => {
    const { throttle, advance } = throttleAt({ maxBackoffSeconds: 300 });

    fail(throttle, A, 3);
    advance(30);
    expect(throttle.retryAfterSeconds(A)).toBe(30);
    advance(30);
    expect(throttle.retryAfterSeconds(A)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      fail(throttle, A);
      waits.push(throttle.retryAfterSeconds(A));
      advance(waits[i]);
    }
    expect(waits).toEqual([120, 240, 300, 300, 300]);
  });

  it('starts with the cap when the cap is below a minute', () => {
    const { throttle } = throttleAt({ maxBackoffSeconds: 5 });

    fail(throttle, A, 3);
    expect(throttle.retryAfterSeconds(A)).toBe(5);
  });

  it('forgives an address that went the cap (at least a minute) without failing after its wait', () => {
    const { throttle, advance } = throttleAt({ maxBackoffSeconds: 120 });

    fail(throttle, A, 3);
    advance(60);
    fail(throttle, A);
    expect(throttle.retryAfterSeconds(A)).toBe(120);
    advance(120 + 119);
    fail(throttle, A);
    expect(throttle.retryAfterSeconds(A)).toBe(120);
    advance(120 + 120);
    fail(throttle, A, 2);
    expect(throttle.retryAfterSeconds(A)).toBe(0);
  });

  it('keeps addresses apart: one waiting does not make another wait', () => {
    const { throttle } = throttleAt();

    fail(throttle, A, 10);
    fail(throttle, B, 2);
    expect(throttle.retryAfterSeconds(A)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds(B)).toBe(0);
    expect(() => throttle.refuseWhileThrottled(B, { setHeader: jest.fn() })).not.toThrow();
  });

  it('refuses a waiting address with 429, Retry-After and the error shape', () => {
    const { throttle } = throttleAt();
    const setHeader = jest.fn();
    fail(throttle, A, 3);

    let thrown: unknown;
    try {
      throttle.refuseWhileThrottled(A, { setHeader });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(TooManyAuthFailuresException);
    expect((thrown as TooManyAuthFailuresException).getStatus()).toBe(429);
    expect((thrown as TooManyAuthFailuresException).getResponse()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'too many failed authentication attempts from this address; try again in 60 s',
    });
    expect(setHeader).toHaveBeenCalledWith('Retry-After', '60');
  });

  it('keeps at most maxAddresses, dropping the one whose last failure is oldest', () => {
    const { throttle } = throttleAt({ maxAddresses: 100 });
    fail(throttle, A, 3);
    for (let i = 0; i < 99; i += 1) {
      fail(throttle, from(`198.51.100.${i}`));
    }
    expect(throttle.trackedAddresses).toBe(100);
    expect(throttle.retryAfterSeconds(A)).toBe(60);

    fail(throttle, B, 3);
    expect(throttle.trackedAddresses).toBe(100);
    expect(throttle.retryAfterSeconds(A)).toBe(0);
    expect(throttle.retryAfterSeconds(B)).toBe(60);
  });

  it('stays within maxAddresses under a spray of source addresses', () => {
    const { throttle } = throttleAt({ maxAddresses: 100 });
    for (let i = 0; i < 5000; i += 1) {
      fail(throttle, from(`2001:db8:${i.toString(16)}::1`));
      fail(throttle, from(`10.${i >> 8}.${i & 255}.1`));
    }
    expect(throttle.trackedAddresses).toBe(100);
  });

  it('moves an address to the newest end on each failure, so it outlives addresses that failed before it', () => {
    const { throttle } = throttleAt({ maxAddresses: 100 });
    fail(throttle, A, 2);
    for (let i = 0; i < 98; i += 1) {
      fail(throttle, from(`198.51.100.${i}`));
    }
    fail(throttle, A);
    fail(throttle, from('198.51.100.200'));
    fail(throttle, from('198.51.100.201'));

    expect(throttle.retryAfterSeconds(A)).toBe(60);
  });

  it('counts an IPv6 address by its /64 and an IPv4-mapped peer as IPv4', () => {
    const { throttle } = throttleAt();

    fail(throttle, from('2001:db8:1:2::1'));
    fail(throttle, from('2001:db8:1:2:aaaa:bbbb:cccc:dddd'));
    fail(throttle, from('2001:0db8:0001:0002::ffff'));
    expect(throttle.retryAfterSeconds(from('2001:db8:1:2::9'))).toBe(60);
    expect(throttle.retryAfterSeconds(from('2001:db8:1:3::1'))).toBe(0);

    fail(throttle, from('::ffff:192.0.2.9'), 3);
    expect(throttle.retryAfterSeconds(from('192.0.2.9'))).toBe(60);
  });
});

describe('throttleKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['2001:DB8:0:0:1::', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, key) => {
    expect(throttleKey(address)).toBe(key);
  });
});

describe('sourceAddress', () => {
  const trusted = new BlockList();
  trusted.addSubnet('10.0.0.0', 8, 'ipv4');
  trusted.addAddress('fd00::1', 'ipv6');

  it('is the peer, whatever X-Forwarded-For says, when the peer is not a trusted proxy', () => {
    expect(sourceAddress(from('192.0.2.1', '198.51.100.7'), trusted)).toBe('192.0.2.1');
    expect(sourceAddress(from('192.0.2.1', '198.51.100.7'), new BlockList())).toBe('192.0.2.1');
  });

  it('is the right-most hop that is not a trusted proxy when the peer is one', () => {
    expect(sourceAddress(from('10.1.2.3', '198.51.100.7'), trusted)).toBe('198.51.100.7');
    expect(sourceAddress(from('::ffff:10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9'), trusted)).toBe('198.51.100.7');
    expect(sourceAddress(from('fd00::1', '2001:db8::5'), trusted)).toBe('2001:db8::5');
  });

  it('reads a repeated header as one list', () => {
    const request: ThrottledRequest = { socket: { remoteAddress: '10.0.0.1' }, headers: { 'x-forwarded-for': ['1.1.1.1', '198.51.100.7'] } };
    expect(sourceAddress(request, trusted)).toBe('198.51.100.7');
  });

  it('stops at a hop that is not an address, and is the trusted peer without a header', () => {
    expect(sourceAddress(from('10.0.0.1', 'garbage'), trusted)).toBe('10.0.0.1');
    expect(sourceAddress(from('10.0.0.1', '198.51.100.7, garbage, 10.0.0.2'), trusted)).toBe('10.0.0.2');
    expect(sourceAddress(from('10.0.0.1'), trusted)).toBe('10.0.0.1');
    expect(sourceAddress(from('10.0.0.1', '10.0.0.2, 10.0.0.3'), trusted)).toBe('10.0.0.2');
  });

  it('counts callers behind a trusted proxy apart, and ignores a rotated header from anyone else', () => {
    const { throttle } = throttleAt({ trustedProxies: ['10.0.0.0/8'] });
    for (let i = 0; i < 3; i += 1) {
      fail(throttle, from('10.0.0.1', '198.51.100.7'));
      fail(throttle, from('192.0.2.1', `198.51.100.${100 + i}`));
    }

    expect(throttle.retryAfterSeconds(from('10.0.0.1', '198.51.100.7'))).toBe(60);
    expect(throttle.retryAfterSeconds(from('10.0.0.1', '198.51.100.8'))).toBe(0);
    expect(throttle.retryAfterSeconds(from('10.0.0.1'))).toBe(0);
    expect(throttle.retryAfterSeconds(from('192.0.2.1', '198.51.100.200'))).toBe(60);
  });
});

describe('loadAuthThrottleSettings', () => {
  it('has protective defaults', () => {
    expect(loadAuthThrottleSettings({})).toEqual({ failuresPerMinute: 20, maxBackoffSeconds: 900, maxAddresses: 10_000, trustedProxies: [] });
  });

  it('reads every variable', () => {
    expect(
      loadAuthThrottleSettings({
        SDP_AUTH_FAILURES_PER_MINUTE: '5',
        SDP_AUTH_MAX_BACKOFF_SECONDS: '3600',
        SDP_AUTH_THROTTLE_MAX_ADDRESSES: '500',
        SDP_TRUSTED_PROXIES: ' 10.0.0.0/8, ::1 ,fd00::/8,',
      }),
    ).toEqual({ failuresPerMinute: 5, maxBackoffSeconds: 3600, maxAddresses: 500, trustedProxies: ['10.0.0.0/8', '::1', 'fd00::/8'] });
  });

  it.each([
    [{ SDP_AUTH_FAILURES_PER_MINUTE: '0' }, 'SDP_AUTH_FAILURES_PER_MINUTE must be at least 1'],
    [{ SDP_AUTH_FAILURES_PER_MINUTE: 'many' }, 'SDP_AUTH_FAILURES_PER_MINUTE must be a whole number'],
    [{ SDP_AUTH_MAX_BACKOFF_SECONDS: '100000' }, 'SDP_AUTH_MAX_BACKOFF_SECONDS must be at most 86400'],
    [{ SDP_AUTH_THROTTLE_MAX_ADDRESSES: '10' }, 'SDP_AUTH_THROTTLE_MAX_ADDRESSES must be at least 100'],
    [{ SDP_TRUSTED_PROXIES: 'proxy.internal' }, 'SDP_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges'],
    [{ SDP_TRUSTED_PROXIES: '10.0.0.0/33' }, 'SDP_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges'],
    [{ SDP_TRUSTED_PROXIES: '10.0.0.0/8/8' }, 'SDP_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges'],
  ])('stops with one line naming the variable for %j', (env, message) => {
    expect(() => loadAuthThrottleSettings(env)).toThrow(new ConfigError(`configuration error: ${message}`));
  });
});
