/**
 * @jest-environment jsdom
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DistributionStatusRow } from '../api/types';
import { StatusBoard } from './StatusBoard';

function row(overrides: Partial<DistributionStatusRow>): DistributionStatusRow {
  return {
    distributionPoint: 'dp',
    state: 'INSTALL_PENDING',
    stateCode: 1,
    desiredVersion: 2,
    installedVersion: null,
    bytesDone: 0,
    bytesTotal: 0,
    filesDone: 0,
    filesTotal: 0,
    attempts: 0,
    lastError: null,
    updatedAt: '2026-03-02T10:00:00.000Z',
    bytesCopied: 0,
    objectsCopied: 0,
    ...overrides,
  };
}

const ROWS = [
  row({ distributionPoint: 'berlin', state: 'INSTALLED', stateCode: 0, installedVersion: 2, bytesDone: 2048, bytesTotal: 2048, bytesCopied: 2048, filesDone: 3, filesTotal: 3, attempts: 1 }),
  row({ distributionPoint: 'paris', state: 'INSTALL_PENDING', installedVersion: 1, bytesDone: 1024, bytesTotal: 4096, bytesCopied: 1024, filesDone: 1, filesTotal: 4, attempts: 1 }),
  row({ distributionPoint: 'rome', state: 'INSTALL_RETRYING', stateCode: 2, attempts: 3, lastError: 'connect ECONNREFUSED 127.0.0.1:9199' }),
];

function rowOf(name: string): HTMLElement {
  return screen.getByRole('rowheader', { name }).closest('tr') as HTMLElement;
}

describe('StatusBoard', () => {
  it('shows each DP with its state, version, progress, attempts and last error', () => {
    render(<StatusBoard rows={ROWS} label="Distribution status" keyColumn="Distribution point" keyOf={(item) => item.distributionPoint} actions={[]} />);

    const berlin = within(rowOf('berlin'));
    expect(berlin.getByText('INSTALLED').className).toBe('badge badge-ok');
    expect(berlin.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(rowOf('berlin').textContent).toContain('3 / 3');

    const paris = within(rowOf('paris'));
    expect(paris.getByText('1 → 2')).toBeTruthy();
    expect(paris.getByRole('progressbar', { name: 'paris bytes copied' }).getAttribute('aria-valuenow')).toBe('25');
    expect(rowOf('paris').textContent).toContain('1.0 KiB of 4.0 KiB');

    const rome = within(rowOf('rome'));
    expect(rome.getByText('INSTALL_RETRYING').className).toBe('badge badge-warn');
    expect(rome.getByText('connect ECONNREFUSED 127.0.0.1:9199')).toBeTruthy();
    expect(rome.getByText('3')).toBeTruthy();
    expect(rowOf('rome').getAttribute('data-state')).toBe('INSTALL_RETRYING');
  });

  it('says waiting, not 0 B / 0 B, until a worker has measured the version', () => {
    render(<StatusBoard rows={ROWS} label="Distribution status" keyColumn="Distribution point" keyOf={(item) => item.distributionPoint} actions={[]} />);
    const rome = rowOf('rome');
    expect(within(rome).queryByRole('progressbar')).toBeNull();
    expect(rome.textContent).toContain('waiting to retry');
    expect(rome.textContent).not.toContain('0 B');
    render(<StatusBoard rows={[row({ distributionPoint: 'oslo' })]} label="Oslo" keyColumn="Distribution point" keyOf={(item) => item.distributionPoint} actions={[]} />);
    expect(rowOf('oslo').querySelector('.progress-cell')?.textContent).toBe('waiting');
  });

  it('shows how few bytes travelled when the DP already held most of a new version', () => {
    const delta = row({ distributionPoint: 'lisbon', state: 'INSTALLED', stateCode: 0, installedVersion: 2, bytesDone: 5 * 1024 * 1024, bytesTotal: 5 * 1024 * 1024, bytesCopied: 221 });
    render(<StatusBoard rows={[delta, ROWS[0]]} label="Distribution status" keyColumn="Distribution point" keyOf={(item) => item.distributionPoint} actions={[]} />);
    expect(rowOf('lisbon').querySelector('.progress-cell')?.textContent).toBe('100%5.0 MiB of 5.0 MiB221 B transferred; the DP had the rest');
    // A first copy moved all of it: nothing more to say.
    expect(rowOf('berlin').textContent).not.toContain('transferred');
  });

  it('offers only the actions it is given and reports which row and action was chosen', () => {
    const onAction = jest.fn();
    render(<StatusBoard rows={ROWS} label="Distribution status" keyColumn="Distribution point" keyOf={(item) => item.distributionPoint} actions={['refresh', 'validate']} onAction={onAction} busy="paris:refresh" />);

    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect((screen.getByRole('button', { name: 'Refresh paris' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Validate rome' }));
    expect(onAction).toHaveBeenCalledWith(ROWS[2], 'validate');
  });

  it('says when the package is on no DP yet', () => {
    render(<StatusBoard rows={[]} label="Distribution status" keyColumn="Distribution point" keyOf={(item) => item.distributionPoint} actions={['refresh']} />);
    expect(screen.getByText('Not on any distribution point yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
