/**
 * @jest-environment jsdom
 */
import { screen } from '@testing-library/react';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { ClientName } from './ClientName';

describe('ClientName', () => {
  it('names the computer, name first linking to its page, then the ID in parentheses', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 200, body: { id: 'c-1', name: 'ws-1' } }));
    const { container } = renderWithSession(<ClientName id="c-1" />, fetcher);
    const link = await screen.findByRole('link', { name: 'ws-1' });
    expect(link.getAttribute('href')).toContain('/clients/c-1');
    expect(container.textContent).toBe('ws-1 (c-1)');
    expect(requests.map((request) => request.url)).toEqual(['/services/targeting/api/v1/clients/c-1']);
  });

  it('shows the ID alone, still linked, when no computer has it', async () => {
    const { fetcher } = fakeFetch(() => ({ status: 404, body: { statusCode: 404, code: 'CLIENT_NOT_FOUND', message: 'no such client' } }));
    const { container } = renderWithSession(<ClientName id="c-2" />, fetcher);
    await screen.findByText('c-2 (unknown computer)');
    expect(container.querySelector('a')?.textContent).toBe('c-2 (unknown computer)');
  });
});
