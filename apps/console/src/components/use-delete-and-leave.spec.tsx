/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { DeleteAndLeaveOptions, useDeleteAndLeave } from './use-delete-and-leave';

function DeleteButton(options: DeleteAndLeaveOptions) {
  const remove = useDeleteAndLeave(options);
  return (
    <button type="button" onClick={() => void remove()}>
      Delete
    </button>
  );
}

const options = { question: 'Delete client c-1?', service: 'targeting', path: '/clients/c-1', leaveTo: '/clients' } as const;

describe('useDeleteAndLeave', () => {
  beforeEach(() => window.history.pushState(null, '', '/clients/c-1'));
  afterEach(() => jest.restoreAllMocks());

  it('deletes only once the user confirms, then shows the list', async () => {
    const confirm = jest.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    const { fetcher, requests } = fakeFetch(() => ({ status: 204 }));
    const onLeft = jest.fn();
    renderWithSession(<DeleteButton {...options} onError={() => undefined} onLeft={onLeft} />, fetcher);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(confirm).toHaveBeenLastCalledWith('Delete client c-1?');
    expect(requests).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(window.location.pathname).toBe('/clients'));
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual(['DELETE /services/targeting/api/v1/clients/c-1']);
    expect(onLeft).toHaveBeenCalledTimes(1);
  });

  it('stays on the page and reports a refused delete', async () => {
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    const { fetcher } = fakeFetch(() => ({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'in use' } }));
    const onError = jest.fn();
    const onLeft = jest.fn();
    renderWithSession(<DeleteButton {...options} onError={onError} onLeft={onLeft} />, fetcher);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1));
    expect(window.location.pathname).toBe('/clients/c-1');
    expect(onLeft).not.toHaveBeenCalled();
  });
});
