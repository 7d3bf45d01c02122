/**
 * @jest-environment jsdom
 */
import { fireEvent, screen } from '@testing-library/react';
import { ApiError } from '../api/api-error';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { ExplainForClient } from './ExplainForClient';

/** Targeting's client list, the only request the picker itself makes. */
function clientList() {
  return fakeFetch(() => ({ status: 200, body: { items: [{ id: 'c-1', name: 'ws-1' }], nextCursor: null } }));
}

describe('ExplainForClient', () => {
  it('offers the listed clients and explains for the trimmed client ID', async () => {
    const clients = clientList();
    const explain = jest.fn(async (_clientId: string) => ({ member: true }));
    const { container } = renderWithSession(
      <ExplainForClient label="Explain membership" idPrefix="explain" explain={explain}>
        {(result) => <p>{result.member ? 'Member' : 'Not a member'}</p>}
      </ExplainForClient>,
      clients.fetcher,
    );

    expect(screen.getByRole('button', { name: 'Explain' }).hasAttribute('disabled')).toBe(true);
    await screen.findByRole('option', { hidden: true });
    expect(container.querySelector('#explain-clients option')?.getAttribute('value')).toBe('c-1');
    expect(clients.requests[0].url).toBe('/services/targeting/api/v1/clients?limit=100');

    fireEvent.change(screen.getByLabelText('Client'), { target: { value: ' c-1 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));

    expect((await screen.findByRole('status')).textContent).toBe('Member');
    expect(explain.mock.calls).toEqual([['c-1']]);
    expect(screen.getByRole('form', { name: 'Explain membership' })).toBeTruthy();
  });

  it('shows why it could not explain', async () => {
    renderWithSession(
      <ExplainForClient label="Explain for a client" idPrefix="ad-explain" explain={() => Promise.reject(new ApiError(404, 'client c-9 is not known'))}>
        {() => null}
      </ExplainForClient>,
      clientList().fetcher,
    );

    fireEvent.change(screen.getByLabelText('Client'), { target: { value: 'c-9' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not explain: ');
    expect(alert.textContent).toContain('client c-9 is not known');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
