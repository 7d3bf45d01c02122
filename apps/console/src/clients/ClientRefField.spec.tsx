/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { fakeFetch, RecordedRequest, renderWithSession } from '../test-support/render-with-session';
import { ClientRefField } from './ClientRefField';

const PC1 = '0b5a4d6e-1c2f-4a3b-9d8e-7f6a5b4c3d21';
const PC1_OTHER = '9f1e2d3c-4b5a-4968-8776-655443322110';

function computer(id: string, name: string) {
  return { id, name, os: { name: 'linux', version: '6.1.0', arch: 'x64' }, siteCode: 'S01', lastSeenAt: '2026-03-02T06:55:00Z' };
}

/** Targeting's GET /clients/resolve and its name suggestions. */
function targeting() {
  return fakeFetch((request: RecordedRequest) => {
    const url = new URL(request.url, 'http://console');
    if (url.pathname.endsWith('/clients')) return { status: 200, body: { items: [computer(PC1, 'pc-1')], nextCursor: null } };
    const ref = url.searchParams.get('ref') ?? '';
    if (ref.toLowerCase() === 'pc-1' || ref === PC1) return { status: 200, body: computer(PC1, 'pc-1') };
    if (ref === PC1_OTHER) return { status: 200, body: computer(PC1_OTHER, 'twin') };
    if (ref === 'twin') {
      return {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', code: 'CLIENT_NAME_AMBIGUOUS', message: '2 clients are named "twin"', candidates: [computer(PC1, 'twin'), computer(PC1_OTHER, 'twin')] },
      };
    }
    return { status: 404, body: { statusCode: 404, error: 'Not Found', code: 'CLIENT_NOT_FOUND', message: `client ${ref} not found` } };
  });
}

/** The field in a form that shows the client ID it holds. */
function Holder() {
  const [clientId, setClientId] = useState('');
  return (
    <>
      <ClientRefField id="target" label="Computer" value={clientId} onChange={setClientId} />
      <output aria-label="held">{clientId || 'none'}</output>
    </>
  );
}

const held = () => screen.getByLabelText('held').textContent;

describe('ClientRefField', () => {
  it('takes a name in any case and holds the ID of the computer it names', async () => {
    const { fetcher, requests } = targeting();
    renderWithSession(<Holder />, fetcher);

    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: 'PC-1' } });
    expect(held()).toBe('none');
    await waitFor(() => expect(held()).toBe(PC1));
    expect(screen.getByText(/✓ pc-1/)).toBeTruthy();
    expect(requests.some((request) => request.url === '/services/targeting/api/v1/clients/resolve?ref=PC-1')).toBe(true);
  });

  it('holds a typed ID at once', async () => {
    renderWithSession(<Holder />, targeting().fetcher);
    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: ` ${PC1} ` } });
    expect(held()).toBe(PC1);
    await screen.findByText(/✓ pc-1/);
  });

  it('lists the computers an ambiguous name matches and holds the one picked', async () => {
    renderWithSession(<Holder />, targeting().fetcher);
    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: 'twin' } });

    await screen.findByText('2 computers are named “twin”: pick one.');
    expect(held()).toBe('none');
    fireEvent.click(screen.getByRole('button', { name: `Use twin ${PC1_OTHER}` }));

    expect(held()).toBe(PC1_OTHER);
    await screen.findByText(/✓ twin/);
    expect(screen.queryByRole('button', { name: /^Use twin/ })).toBeNull();
  });

  it('says inline that no computer has the name, and holds none', async () => {
    renderWithSession(<Holder />, targeting().fetcher);
    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: 'pc-404' } });
    const note = await screen.findByText('No computer is named “pc-404” or has that ID.');
    expect(note.className).toBe('field-error');
    expect(held()).toBe('none');
  });

  it('never takes the answer for an earlier name as the answer for the name now typed', async () => {
    renderWithSession(<Holder />, targeting().fetcher);
    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: 'pc-1' } });
    await waitFor(() => expect(held()).toBe(PC1));

    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: 'pc-404' } });
    expect(held()).toBe('none');
    await screen.findByText('No computer is named “pc-404” or has that ID.');
    expect(held()).toBe('none');
    expect(screen.queryByText(/✓/)).toBeNull();
  });

  it('suggests the names that contain what is typed', async () => {
    const { fetcher, requests } = targeting();
    const { container } = renderWithSession(<Holder />, fetcher);
    fireEvent.change(screen.getByLabelText('Computer'), { target: { value: 'pc' } });
    await waitFor(() => expect(requests.some((request) => request.url === '/services/targeting/api/v1/clients?name=pc&limit=20')).toBe(true));
    await waitFor(() => expect(container.querySelector('#target-names option')?.getAttribute('value')).toBe('pc-1'));
  });
});
