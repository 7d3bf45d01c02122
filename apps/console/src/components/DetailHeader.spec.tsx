/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DetailHeader } from './DetailHeader';
import { PropertyList } from './PropertyList';

describe('the top of a detail page', () => {
  it('links the list, names the object, and orders Edit, its own actions, then Delete', () => {
    const edited = jest.fn();
    const deleted = jest.fn();
    render(
      <DetailHeader list={{ name: 'Packages', path: '/packages' }} titleId="t" title="Console Tool" id="S0100001" onEdit={edited} onDelete={deleted}>
        <button type="button">Update from source location</button>
      </DetailHeader>,
    );
    expect(screen.getByRole('link', { name: 'Packages' }).getAttribute('href')).toBe('/packages');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Console Tool S0100001');
    expect(screen.getByRole('heading', { level: 1 }).id).toBe('t');
    expect(screen.getAllByRole('button').map((button) => button.textContent)).toEqual(['Edit', 'Update from source location', 'Delete']);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(edited).toHaveBeenCalledTimes(1);
    expect(deleted).toHaveBeenCalledTimes(1);
  });

  it('shows no Edit or Delete to a user who may not, and the crumb instead of the ID', () => {
    render(<DetailHeader list={{ name: 'Clients', path: '/clients' }} crumb="PC-0001" titleId="c" title="PC-0001" />);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByText(/\/ PC-0001/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('PC-0001');
  });
});

describe('a property list', () => {
  it('shows each name with its value, in order, under its label', () => {
    render(<PropertyList label="Summary" rows={[['Computers', '3'], ['Users', <b key="u">2</b>]]} />);
    const list = screen.getByLabelText('Summary');
    expect(within(list).getAllByRole('term').map((term) => term.textContent)).toEqual(['Computers', 'Users']);
    expect(within(list).getAllByRole('definition').map((value) => value.textContent)).toEqual(['3', '2']);
  });
});
