/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { CreatedEnrollmentSecret, EnrollmentSecret } from '../api/types';
import { fakeFetch, RecordedRequest, renderWithSession } from '../test-support/render-with-session';
import { EnrollmentSecretsPage } from './EnrollmentSecretsPage';

function secret(name: string, overrides: Partial<EnrollmentSecret> = {}): EnrollmentSecret {
  return {
    id: `id-${name}`,
    name,
    expiresAt: null,
    approvalRequired: false,
    createdAt: '2026-12-01T08:00:00Z',
    createdBy: 'admin-1',
    revokedAt: null,
    lastUsedAt: null,
    ...overrides,
  };
}

const CREATED: CreatedEnrollmentSecret = {
  id: 'id-lab',
  name: 'lab',
  secret: 'sdp_enr_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq',
  expiresAt: null,
  approvalRequired: true,
  createdAt: '2026-12-05T20:00:00Z',
};

/** Targeting's enrollment-secret endpoints over a list that creating and revoking change. */
function targeting(initial: EnrollmentSecret[]) {
  let items = [...initial];
  return fakeFetch((request: RecordedRequest) => {
    const path = new URL(request.url, 'http://console').pathname;
    if (request.method === 'GET') return { status: 200, body: { items, nextCursor: null } };
    if (request.method === 'POST') {
      items = [...items, secret('lab', { id: CREATED.id, approvalRequired: true, createdAt: CREATED.createdAt })];
      return { status: 201, body: CREATED };
    }
    if (request.method === 'DELETE') {
      const id = decodeURIComponent(path.split('/').pop()!);
      items = items.map((item) => (item.id === id ? { ...item, revokedAt: '2026-12-05T20:05:00Z' } : item));
      return { status: 200, body: items.find((item) => item.id === id) };
    }
    return { status: 404, body: { statusCode: 404, message: 'no route' } };
  });
}

function rowOf(name: string): HTMLElement {
  return screen.getAllByRole('row').find((row) => within(row).queryByText(name, { selector: 'td' }) !== null)!;
}

describe('EnrollmentSecretsPage', () => {
  it('lists the secrets with their state and never a secret', async () => {
    const { fetcher, requests } = targeting([secret('berlin'), secret('old', { revokedAt: '2026-12-02T00:00:00Z' }), secret('gone', { expiresAt: '2020-01-01T00:00:00Z' })]);
    renderWithSession(<EnrollmentSecretsPage />, fetcher);

    await screen.findByText('berlin');
    expect(within(rowOf('berlin')).getByText('active')).toBeTruthy();
    expect(within(rowOf('old')).getByText(/^revoked/)).toBeTruthy();
    expect(within(rowOf('gone')).getByText('expired')).toBeTruthy();
    expect(requests[0].url).toBe('/services/targeting/api/v1/enrollment-secrets?limit=50');
  });

  it('creates a secret and shows it once, with the hint to copy it now', async () => {
    const { fetcher, requests } = targeting([secret('berlin')]);
    renderWithSession(<EnrollmentSecretsPage />, fetcher);
    await screen.findByText('berlin');

    fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'lab' } });
    fireEvent.click(screen.getByLabelText('Approval required'));
    fireEvent.click(screen.getByRole('button', { name: 'Create secret' }));

    const shown = await screen.findByRole('status', { name: 'New enrollment secret lab' });
    expect(within(shown).getByLabelText('Secret').textContent).toBe(CREATED.secret);
    expect(shown.textContent).toContain('Copy it now: it is shown this once and cannot be shown again.');
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({ name: 'lab', approvalRequired: true });
    await screen.findByText('lab', { selector: 'td' });
    expect(within(rowOf('lab')).getByText('required')).toBeTruthy();

    fireEvent.click(within(shown).getByRole('button', { name: 'Done, I stored it' }));
    expect(screen.queryByText(CREATED.secret)).toBeNull();
    expect(document.body.textContent).not.toContain(CREATED.secret);
  });

  it('revokes after a confirming second click and shows the secret as revoked', async () => {
    const { fetcher, requests } = targeting([secret('berlin')]);
    renderWithSession(<EnrollmentSecretsPage />, fetcher);
    await screen.findByText('berlin');

    fireEvent.click(screen.getByRole('button', { name: 'Revoke berlin' }));
    expect(requests.some((request) => request.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm revoking berlin' }));

    await waitFor(() => expect(within(rowOf('berlin')).getByText(/^revoked/)).toBeTruthy());
    expect(requests.filter((request) => request.method === 'DELETE').map((request) => request.url)).toEqual(['/services/targeting/api/v1/enrollment-secrets/id-berlin']);
    expect(screen.queryByRole('button', { name: 'Revoke berlin' })).toBeNull();
  });

  it('lets a viewer read the list only', async () => {
    const { fetcher } = targeting([secret('berlin')]);
    renderWithSession(<EnrollmentSecretsPage />, fetcher, 'viewer');
    await screen.findByText('berlin');

    expect(screen.queryByRole('form', { name: 'New enrollment secret' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });
});
