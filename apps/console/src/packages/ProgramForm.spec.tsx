/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { ProgramForm } from './ProgramForm';

function fieldNote(label: string): string | null {
  const input = screen.getByLabelText(label);
  const noteId = input.getAttribute('aria-describedby');
  return noteId ? (document.getElementById(noteId)?.textContent ?? null) : null;
}

describe('ProgramForm', () => {
  it('names the fields the browser can check itself and sends nothing until they are right', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 201, body: {} }));
    const onSaved = jest.fn();
    renderWithSession(<ProgramForm packageId="S0100001" onSaved={onSaved} onCancel={() => undefined} />, fetcher);

    fireEvent.change(screen.getByLabelText('Maximum run time (minutes)'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create program' }));

    expect(fieldNote('Name *')).toBe('Name is required.');
    expect(fieldNote('Command line *')).toBe('Command line is required.');
    expect(fieldNote('Maximum run time (minutes)')).toBe('A whole number of minutes from 1 to 720.');
    expect(screen.getByLabelText('Command line *').getAttribute('aria-invalid')).toBe('true');
    expect(requests).toEqual([]);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows the API validation message next to its field and in words at the form', async () => {
    // The catalog's answer to a dependency cycle (422 with the field it concerns).
    const { fetcher, requests } = fakeFetch(() => ({
      status: 422,
      body: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'dependsOn: S0100002:Setup depends on S0100001:Install, which would make a cycle',
        details: [{ field: 'dependsOn', problems: ['S0100002:Setup depends on S0100001:Install, which would make a cycle'] }],
      },
    }));
    renderWithSession(<ProgramForm packageId="S0100001" onSaved={() => undefined} onCancel={() => undefined} />, fetcher);

    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Install' } });
    fireEvent.change(screen.getByLabelText('Command line *'), { target: { value: 'sh install.sh' } });
    fireEvent.change(screen.getByLabelText('Package ID'), { target: { value: 'S0100002' } });
    fireEvent.change(screen.getByLabelText('Program'), { target: { value: 'Setup' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create program' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Could not create the program: Not allowed by the rules: dependsOn: S0100002:Setup depends on S0100001:Install, which would make a cycle');
    expect(fieldNote('Package ID')).toBe('S0100002:Setup depends on S0100001:Install, which would make a cycle');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      url: '/services/catalog/api/v1/packages/S0100001/programs',
      method: 'POST',
      body: {
        name: 'Install',
        commandLine: 'sh install.sh',
        maxRunTimeMinutes: 120,
        platforms: 'any',
        dependsOn: { packageId: 'S0100002', program: 'Setup', alwaysRunFirst: false },
        successExitCodes: [0],
        rebootExitCodes: [1604, 1641, 3010, 3011],
        retryExitCodes: [],
      },
    });

    // Fixing the form takes the stale refusal away: no banner about what is no longer there.
    fireEvent.change(screen.getByLabelText('Package ID'), { target: { value: 'S0100003' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fieldNote('Package ID')).toBeNull();
  });

  it('sends a platform list instead of "any" when platforms are chosen, and reports the saved program', async () => {
    const saved = { name: 'Install' };
    const { fetcher, requests } = fakeFetch(() => ({ status: 201, body: saved }));
    const onSaved = jest.fn();
    renderWithSession(<ProgramForm packageId="S0100001" onSaved={onSaved} onCancel={() => undefined} />, fetcher);

    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Install' } });
    fireEvent.change(screen.getByLabelText('Command line *'), { target: { value: 'setup.exe /q' } });
    fireEvent.click(screen.getByLabelText(/Only on these/));
    fireEvent.change(screen.getByLabelText('Minimum version'), { target: { value: '10.0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create program' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect((requests[0].body as { platforms: unknown }).platforms).toEqual([{ os: 'windows', arch: 'x64', minVersion: '10.0' }]);
  });

  it('offers Linux on any architecture', async () => {
    const { fetcher, requests } = fakeFetch(() => ({ status: 201, body: { name: 'Install' } }));
    const onSaved = jest.fn();
    renderWithSession(<ProgramForm packageId="S0100001" onSaved={onSaved} onCancel={() => undefined} />, fetcher);

    fireEvent.change(screen.getByLabelText('Name *'), { target: { value: 'Install' } });
    fireEvent.change(screen.getByLabelText('Command line *'), { target: { value: './install.sh' } });
    fireEvent.click(screen.getByLabelText(/Only on these/));
    fireEvent.change(screen.getByLabelText('OS'), { target: { value: 'linux' } });
    fireEvent.change(screen.getByLabelText('Architecture'), { target: { value: 'any' } });
    expect(screen.getByRole('option', { name: 'any architecture' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Create program' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect((requests[0].body as { platforms: unknown }).platforms).toEqual([{ os: 'linux', arch: 'any' }]);
  });
});
