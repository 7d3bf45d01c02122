import type { ClientMeteringRules, UsageIngestResult } from '@sdp/contracts';
import { requestJson } from '../api/http';
import type { Credentials } from '../api/service-client';
import type { UsageRecord } from './usage-tracker';

export type MeteringRulesAnswer = { changed: false } | { changed: true; etag: string | null; body: ClientMeteringRules };

/** The client endpoints of the metering service. */
export class MeteringClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl?: typeof fetch,
  ) {}

  /** The rules this client meters; unchanged (304) while `etag` is current. */
  async rules(credentials: Credentials, etag: string | null): Promise<MeteringRulesAnswer> {
    const answer = await requestJson({
      method: 'GET',
      url: this.url(`/api/v1/clients/${credentials.clientId}/metering-rules`),
      token: credentials.token,
      headers: etag ? { 'if-none-match': etag } : {},
      fetch: this.fetchImpl,
    });
    if (answer.status === 304) {
      return { changed: false };
    }
    return { changed: true, etag: answer.headers.get('etag'), body: answer.body as ClientMeteringRules };
  }

  async sendUsage(credentials: Credentials, records: readonly UsageRecord[]): Promise<UsageIngestResult> {
    const answer = await requestJson({
      method: 'POST',
      url: this.url(`/api/v1/clients/${credentials.clientId}/usage`),
      token: credentials.token,
      body: { records },
      fetch: this.fetchImpl,
    });
    return answer.body as UsageIngestResult;
  }

  private url(path: string): string {
    return `${this.baseUrl.replace(/\/+$/, '')}${path}`;
  }
}
