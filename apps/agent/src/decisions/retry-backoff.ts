import { DEFAULT_RETRY_SETTINGS, RETRY_JITTER, type PolicyAdvertisement, type RetrySettingsData } from '@sdp/contracts';

/** The advertisement's retry settings; the defaults for a policy written before they existed. */
export function retrySettingsOf(advertisement: Pick<PolicyAdvertisement, 'retry'>): RetrySettingsData {
  return advertisement.retry ?? DEFAULT_RETRY_SETTINGS;
}

/** The administrator's "retry failed" generation for this computer; 0 for a policy written before it existed. */
export function retryGenerationOf(advertisement: Pick<PolicyAdvertisement, 'retryGeneration'>): number {
  return advertisement.retryGeneration ?? 0;
}

/** The nominal wait after `failedAttempts` failed attempts (1 = after the first): the first wait doubled each time, capped. */
export function nominalBackoffSeconds(settings: RetrySettingsData, failedAttempts: number): number {
  const doubled = settings.initialBackoffSeconds * 2 ** Math.max(0, failedAttempts - 1);
  return Math.min(settings.maxBackoffSeconds, doubled);
}

/** The jittered wait in milliseconds; `random` is in [0, 1) (Math.random by default). */
export function backoffMs(settings: RetrySettingsData, failedAttempts: number, random: () => number = Math.random): number {
  const factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * random();
  return Math.round(nominalBackoffSeconds(settings, failedAttempts) * 1000 * factor);
}

export type RetryDecision =
  | { kind: 'retry'; attempt: number; maxAttempts: number; nextAttemptAt: Date }
  | { kind: 'final'; attempt: number; maxAttempts: number };

/**
 * After an attempt failed in a way worth retrying (a retry exit code, content not downloaded):
 * another attempt after the back-off, or none when this was the last one allowed.
 * `failedBefore`: failed attempts of the same occurrence before this one.
 */
export function decideRetry(settings: RetrySettingsData, failedBefore: number, now: Date, random: () => number = Math.random): RetryDecision {
  const attempt = failedBefore + 1;
  if (attempt >= settings.maxAttempts) {
    return { kind: 'final', attempt, maxAttempts: settings.maxAttempts };
  }
  return { kind: 'retry', attempt, maxAttempts: settings.maxAttempts, nextAttemptAt: new Date(now.getTime() + backoffMs(settings, attempt, random)) };
}
