import { HttpError, retryAfterSeconds } from '../api/http';
import { retryDelaySeconds } from './service-loop';

describe('waiting after a failed cycle', () => {
  it('waits the re-check interval, or longer when a throttling service asked for it', () => {
    expect(retryDelaySeconds(new Error('down'), 30)).toBe(30);
    expect(retryDelaySeconds(new HttpError(0, 'unreachable'), 30)).toBe(30);
    expect(retryDelaySeconds(new HttpError(429, 'too many', 120), 30)).toBe(120);
    expect(retryDelaySeconds(new HttpError(429, 'too many', 5), 30)).toBe(30);
  });

  it('reads the delay-seconds form of Retry-After only, capped at a day', () => {
    expect(retryAfterSeconds('60')).toBe(60);
    expect(retryAfterSeconds(' 900 ')).toBe(900);
    expect(retryAfterSeconds('999999999')).toBe(86_400);
    for (const unusable of [null, '', '-5', '1.5', 'Wed, 21 Oct 2026 07:28:00 GMT', '60s']) {
      expect(retryAfterSeconds(unusable)).toBeUndefined();
    }
  });
});
