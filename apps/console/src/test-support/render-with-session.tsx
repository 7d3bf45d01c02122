import { render } from '@testing-library/react';
import { ReactElement } from 'react';
import { ApiClient, FetchLike } from '../api/api-client';
import { Role } from '../api/role';
import { SessionProvider } from '../api/session';

export interface RecordedRequest {
  url: string;
  method: string;
  body: unknown;
}

/** A fetch that answers from `respond` and records what the component sent: the services' HTTP contract, not a module mock. */
export function fakeFetch(respond: (request: RecordedRequest) => { status: number; body?: unknown }): { fetcher: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetcher: FetchLike = async (url, init) => {
    const request = { url, method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined };
    requests.push(request);
    const answer = respond(request);
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    // jsdom has no Response; the client reads only these members of it.
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, text: async () => text, json: async () => JSON.parse(text) } as unknown as Response;
  };
  return { fetcher, requests };
}

export function renderWithSession(ui: ReactElement, fetcher: FetchLike, role: Role = 'admin') {
  const session = { api: new ApiClient('test-token', fetcher), role, signOut: () => undefined };
  return render(<SessionProvider session={session}>{ui}</SessionProvider>);
}
