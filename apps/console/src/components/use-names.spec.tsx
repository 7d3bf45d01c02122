/**
 * @jest-environment jsdom
 */
import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/api-error';
import { ErrorMessage } from './feedback';
import { nameAndId, nameIds } from './use-names';

const names = new Map([
  ['S0100001', 'Console Tool'],
  ['S0100007', 'Console Tool to this run'],
]);

describe('names beside IDs', () => {
  it('writes a known ID with its name first and leaves unknown IDs as they are', () => {
    expect(nameAndId('S0100001', names)).toBe('“Console Tool” (S0100001)');
    expect(nameAndId('S0100009', names)).toBe('S0100009');
    expect(nameIds('package S0100001 is used by advertisements S0100007, S0100009; delete them first', names)).toBe(
      'package “Console Tool” (S0100001) is used by advertisements “Console Tool to this run” (S0100007), S0100009; delete them first',
    );
    expect(nameIds('no IDs here', new Map())).toBe('no IDs here');
  });

  it('names the object of a conflict banner', () => {
    const conflict = new ApiError(409, 'package S0100001 is used by advertisements S0100007; delete them or point them at another package first', [], 'PACKAGE_IN_USE');
    render(<ErrorMessage error={conflict} names={names} />);
    expect(screen.getByRole('alert').textContent).toBe(
      'Conflict: package “Console Tool” (S0100001) is used by advertisements “Console Tool to this run” (S0100007); delete them or point them at another package first',
    );
  });
});
