import { HttpException, HttpStatus } from '@nestjs/common';
import { integerVar, loadConfig } from '@sdp/config';
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import type { Clock } from './client-token';

/**
 * Failed credential checks (wrong admin/client tokens, wrong enrollment secrets) counted per
 * source address. After `failuresPerMinute` failures within a minute the address waits
 * `min(60 s, maxBackoff)`, and every further failure before it is forgiven doubles the wait up to
 * `maxBackoffSeconds`. While it waits, every attempt from it is answered 429 without being checked
 * — the right credential too, so the wait cannot be used to test guesses — while other addresses
 * are not affected. An address is forgiven once it has gone `max(60 s, maxBackoff)` without a
 * failure after its wait ended; successes change nothing.
 *
 * In memory, per service instance: N replicas give an attacker N times the budget. At most
 * `maxAddresses` addresses are kept; beyond that the one whose last failure is oldest is dropped.
 * IPv6 addresses count by their /64, as one host usually holds a whole /64.
 */
export interface AuthThrottleSettings {
  readonly failuresPerMinute: number;
  readonly maxBackoffSeconds: number;
  readonly maxAddresses: number;
  /** Peers (IPs or CIDRs) whose `X-Forwarded-For` is believed; nobody's by default. */
  readonly trustedProxies: readonly string[];
}

export const AUTH_THROTTLE_DEFAULTS: AuthThrottleSettings = {
  failuresPerMinute: 20,
  maxBackoffSeconds: 900,
  maxAddresses: 10_000,
  trustedProxies: [],
};

const WINDOW_MS = 60_000;

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `10.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrRange(item: string): boolean {
  const [address, prefix, ...rest] = item.split('/');
  if (rest.length > 0 || !isIP(address)) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIPv4(address) ? 32 : 128);
}

const throttleEnvSchema = z.object({
  SDP_AUTH_FAILURES_PER_MINUTE: integerVar(AUTH_THROTTLE_DEFAULTS.failuresPerMinute, 1, 100_000),
  SDP_AUTH_MAX_BACKOFF_SECONDS: integerVar(AUTH_THROTTLE_DEFAULTS.maxBackoffSeconds, 1, 86_400),
  SDP_AUTH_THROTTLE_MAX_ADDRESSES: integerVar(AUTH_THROTTLE_DEFAULTS.maxAddresses, 100, 10_000_000),
  SDP_TRUSTED_PROXIES: z
    .string()
    .default('')
    .refine((value) => splitList(value).every(isAddressOrRange), 'must be a comma-separated list of IP addresses or CIDR ranges')
    .transform(splitList),
});

/** Reads the throttle's variables; a bad one throws a ConfigError naming it. */
export function loadAuthThrottleSettings(env: NodeJS.ProcessEnv): AuthThrottleSettings {
  const parsed = loadConfig(throttleEnvSchema, env);
  return {
    failuresPerMinute: parsed.SDP_AUTH_FAILURES_PER_MINUTE,
    maxBackoffSeconds: parsed.SDP_AUTH_MAX_BACKOFF_SECONDS,
    maxAddresses: parsed.SDP_AUTH_THROTTLE_MAX_ADDRESSES,
    trustedProxies: parsed.SDP_TRUSTED_PROXIES,
  };
}

/** What the throttle reads of a request: Express's and node's requests both fit. */
export interface ThrottledRequest {
  readonly headers: IncomingHttpHeaders;
  readonly socket?: { readonly remoteAddress?: string };
}

export interface HeaderWritableResponse {
  setHeader(name: string, value: string): unknown;
}

/** `::ffff:10.0.0.1` (an IPv4 peer of a dual-stack socket) is `10.0.0.1`. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function toBlockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, family);
    } else {
      list.addSubnet(address, Number(prefix), family);
    }
  }
  return list;
}

/**
 * The socket's peer; when the peer is a trusted proxy, the right-most `X-Forwarded-For` hop that is
 * not a trusted proxy itself (hops further left are whatever the caller chose to send).
 */
export function sourceAddress(request: ThrottledRequest, trustedProxies: BlockList): string {
  let address = normalizeAddress(request.socket?.remoteAddress ?? 'unknown');
  const isTrusted = (candidate: string): boolean => {
    const family = isIP(candidate);
    return family !== 0 && trustedProxies.check(candidate, family === 4 ? 'ipv4' : 'ipv6');
  };
  if (!isTrusted(address)) {
    return address;
  }
  const header = request.headers['x-forwarded-for'];
  const hops = splitList(Array.isArray(header) ? header.join(',') : (header ?? ''));
  for (const hop of hops.reverse()) {
    const candidate = normalizeAddress(hop);
    if (!isIP(candidate)) {
      break;
    }
    address = candidate;
    if (!isTrusted(address)) {
      break;
    }
  }
  return address;
}

/** The key an address is counted under: IPv4 as it is, IPv6 by its /64. */
export function throttleKey(address: string): string {
  const plain = address.split('%')[0].toLowerCase();
  if (!isIPv6(plain) || plain.includes('.')) {
    return address;
  }
  const [head, tail] = plain.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

interface AddressRecord {
  /** Start of the minute failures are counted in (until the address is first made to wait). */
  windowStart: number;
  failures: number;
  /** How many waits the address has earned since it was last forgiven. */
  strikes: number;
  blockedUntil: number;
  lastFailure: number;
}

export class TooManyAuthFailuresException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    const message = `too many failed authentication attempts from this address; try again in ${retryAfterSeconds} s`;
    super({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** One per service instance; the auth guard and `@ThrottleAuthFailures()` routes share it. */
export class AuthFailureThrottle {
  private readonly records = new Map<string, AddressRecord>();
  private readonly trustedProxies: BlockList;
  private readonly firstWaitMs: number;
  private readonly maxWaitMs: number;
  private readonly forgiveAfterMs: number;

  constructor(
    private readonly settings: AuthThrottleSettings = AUTH_THROTTLE_DEFAULTS,
    private readonly now: Clock = Date.now,
  ) {
    this.trustedProxies = toBlockList(settings.trustedProxies);
    this.maxWaitMs = settings.maxBackoffSeconds * 1000;
    this.firstWaitMs = Math.min(WINDOW_MS, this.maxWaitMs);
    this.forgiveAfterMs = Math.max(WINDOW_MS, this.maxWaitMs);
  }

  /** Addresses currently remembered (for tests and metrics). */
  get trackedAddresses(): number {
    return this.records.size;
  }

  /** Seconds the request's source must still wait; 0 when its attempt may be checked. */
  retryAfterSeconds(request: ThrottledRequest): number {
    const record = this.records.get(this.keyOf(request));
    const waitMs = record ? record.blockedUntil - this.now() : 0;
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /** Call before checking a credential: throws 429 with `Retry-After` while the source must wait. */
  refuseWhileThrottled(request: ThrottledRequest, response: HeaderWritableResponse): void {
    const seconds = this.retryAfterSeconds(request);
    if (seconds > 0) {
      response.setHeader('Retry-After', String(seconds));
      throw new TooManyAuthFailuresException(seconds);
    }
  }

  /** Call when a credential presented by the request was wrong. */
  recordFailure(request: ThrottledRequest): void {
    const key = this.keyOf(request);
    const now = this.now();
    let record = this.records.get(key);
    this.records.delete(key);
    if (record && now >= Math.max(record.lastFailure, record.blockedUntil) + this.forgiveAfterMs) {
      record = undefined;
    }
    record ??= { windowStart: now, failures: 0, strikes: 0, blockedUntil: 0, lastFailure: now };
    if (record.strikes === 0 && now - record.windowStart >= WINDOW_MS) {
      record.windowStart = now;
      record.failures = 0;
    }
    record.failures += 1;
    record.lastFailure = now;
    if (record.strikes > 0 || record.failures >= this.settings.failuresPerMinute) {
      record.strikes += 1;
      record.blockedUntil = now + Math.min(this.firstWaitMs * 2 ** (record.strikes - 1), this.maxWaitMs);
    }
    // Re-inserted, so the map stays ordered by last failure and the first key is the oldest.
    this.records.set(key, record);
    while (this.records.size > this.settings.maxAddresses) {
      this.records.delete(this.records.keys().next().value as string);
    }
  }

  private keyOf(request: ThrottledRequest): string {
    return throttleKey(sourceAddress(request, this.trustedProxies));
  }
}
