/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../api/api-error';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { ExplainForClient } from './ExplainForClient';

const WS1 = '3c0b1f7a-8e2d-4c5b-a9f0-1d2e3f4a5b6c';

/** Targeting's name suggestions and name lookup, the only requests the picker itself makes. */
function targeting() {
  return fakeFetch((request) => {
    const url = new URL(request.url, 'http://console');
    const client = { id: WS1, name: 'ws-1', os: { name: 'linux', version: '6.1', arch: 'x64' }, siteCode: 'S01', lastSeenAt: '2026-03-02T06:55:00Z' };
    if (url.pathname.endsWith('/clients')) return { status: 200, body: { items: [client], nextCursor: null } };
    const ref = url.searchParams.get('ref');
    return ref === 'ws-1' || ref === WS1 ? { status: 200, body: client } : { status: 404, body: { statusCode: 404, code: 'CLIENT_NOT_FOUND', message: `client ${ref} not found` } };
  });
}

describe('ExplainForClient', () => {
  it('explains for the computer a typed name names', async () => {
    const explain = jest.fn(async (_clientId: string) => ({ member: true }));
    renderWithSession(
      <ExplainForClient label="Explain membership" idPrefix="explain" explain={explain}>
        {(result) => <p>{result.member ? 'Member' : 'Not a member'}</p>}
      </ExplainForClient>,
      targeting().fetcher,
    );

    const button = screen.getByRole('button', { name: 'Explain' });
    expect(button.hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('Client'), { target: { value: 'ws-1' } });
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    fireEvent.click(button);

    expect((await screen.findByRole('status')).textContent).toBe('Member');
    expect(explain.mock.calls).toEqual([[WS1]]);
    expect(screen.getByRole('form', { name: 'Explain membership' })).toBeTruthy();

    // Another name: the answer about ws-1 goes.
    fireEvent.change(screen.getByLabelText('Client'), { target: { value: 'ws-2' } });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('shows why it could not explain', async () => {
    renderWithSession(
      <ExplainForClient label="Explain for a client" idPrefix="ad-explain" explain={() => Promise.reject(new ApiError(404, `client ${WS1} is not known`))}>
        {() => null}
      </ExplainForClient>,
      targeting().fetcher,
    );

    fireEvent.change(screen.getByLabelText('Client'), { target: { value: WS1 } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not explain: ');
    expect(alert.textContent).toContain(`client ${WS1} is not known`);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
