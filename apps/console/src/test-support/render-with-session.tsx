import { render } from '@testing-library/react';
import { ReactElement } from 'react';
import { ApiClient, FetchLike } from '../api/api-client';
import { Role } from '../api/role';
import { SessionProvider } from '../api/session';

export interface RecordedRequest {
  url: string;
  method: string;
  contentType: string | undefined;
  /** Parsed when it was sent as JSON, as sent otherwise. */
  body: unknown;
}

/** A fetch that answers from `respond` and records what the component sent: the services' HTTP contract, not a module mock. */
export function fakeFetch(respond: (request: RecordedRequest) => { status: number; body?: unknown }): { fetcher: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetcher: FetchLike = async (url, init) => {
    const contentType = (init?.headers as Record<string, string> | undefined)?.['content-type'];
    const isJson = typeof init?.body === 'string' && contentType?.startsWith('application/json') === true;
    const request = { url, method: init?.method ?? 'GET', contentType, body: isJson ? JSON.parse(init.body as string) : init?.body };
    requests.push(request);
    const answer = respond(request);
    const answerText = answer.body === undefined ? '' : JSON.stringify(answer.body);
    // jsdom has no Response; the client reads only these members of it.
    return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, headers: { get: () => null }, text: async () => answerText, json: async () => JSON.parse(answerText) } as unknown as Response;
  };
  return { fetcher, requests };
}

export function renderWithSession(ui: ReactElement, fetcher: FetchLike, role: Role = 'admin') {
  const session = { api: new ApiClient('test-token', fetcher), role, signOut: () => undefined };
  return render(<SessionProvider session={session}>{ui}</SessionProvider>);
}
