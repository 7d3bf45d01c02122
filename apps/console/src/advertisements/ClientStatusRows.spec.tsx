/**
 * @jest-environment jsdom
 */
import { act, render, screen } from '@testing-library/react';
import { ReactElement, ReactNode } from 'react';
import { ApiClient } from '../api/api-client';
import { SessionProvider } from '../api/session';
import type { ClientStatusRow } from '../api/types';
import { fakeFetch } from '../test-support/render-with-session';
import { ClientStatusRows } from './ClientStatusRows';
import { StatusChart } from './StatusChart';

describe('client status rows', () => {
  const row: ClientStatusRow = {
    clientId: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f',
    acceptanceState: 'ACCEPTED',
    acceptanceAt: '2026-03-02T10:00:00Z',
    deliveryState: 'RUNNING',
    deliveryAt: '2026-03-02T10:01:00Z',
    messageId: 10005,
    messageText: 'Program started',
    exitCode: null,
    detail: null,
    packageVersion: 3,
    output: null,
    lastSeq: 2,
    timedOut: true,
  };
  const names = fakeFetch(() => ({ status: 200, body: { items: [{ id: row.clientId, name: 'ws-7' }], nextCursor: null } }));
  const session = { api: new ApiClient('test-token', names.fetcher), role: 'admin' as const, signOut: () => undefined };
  const Session = ({ children }: { children: ReactNode }) => <SessionProvider session={session}>{children}</SessionProvider>;
  const renderRows = (ui: ReactElement) => render(ui, { wrapper: Session });

  it('names each client first, the names of the whole table in one request', async () => {
    names.requests.length = 0;
    renderRows(<ClientStatusRows advertisementId="S0100002" rows={[row, { ...row, clientId: '0195f3c2-0000-7c3d-9e1f-2a3b4c5d6e7f' }]} />);
    expect((await screen.findByText('ws-7')).closest('td')?.textContent).toBe(`ws-7 ${row.clientId}`);
    expect(screen.getByText('unknown computer')).toBeTruthy();
    expect(names.requests).toHaveLength(1);
    expect(decodeURIComponent(names.requests[0].url)).toContain(`ids=0195f3c2-0000-7c3d-9e1f-2a3b4c5d6e7f,${row.clientId}`);
  });

  it('marks a client silent past the maximum run time plus grace as no report (timed out), beside what it last said', () => {
    const { rerender } = renderRows(<ClientStatusRows advertisementId="S0100002" rows={[row]} />);
    expect(screen.getByText('no report (timed out)')).toBeTruthy();
    expect(screen.getByText('RUNNING').className).toBe('badge badge-bad');
    rerender(<ClientStatusRows advertisementId="S0100002" rows={[{ ...row, timedOut: false }]} />);
    expect(screen.queryByText('no report (timed out)')).toBeNull();
  });

  it('offers a retry on a failed row only, and only when given what to do', () => {
    const retried: string[] = [];
    const failed = { ...row, deliveryState: 'FAILED', timedOut: false };
    const { rerender } = renderRows(<ClientStatusRows advertisementId="S0100002" rows={[failed, { ...failed, clientId: 'other', deliveryState: 'SUCCEEDED' }]} onRetry={(clientId) => retried.push(clientId)} />);
    expect(screen.getAllByRole('button', { name: /^Retry on/ })).toHaveLength(1);
    screen.getByRole('button', { name: `Retry on ${row.clientId}` }).click();
    expect(retried).toEqual([row.clientId]);
    rerender(<ClientStatusRows advertisementId="S0100002" rows={[failed]} />);
    expect(screen.queryByRole('button', { name: /^Retry on/ })).toBeNull();
  });

  it('shows the message text and package version, and the output of a failed client on request', () => {
    const output = { stdout: 'unpacking\n', stderr: '/bin/sh: 1: ./install.sh: Permission denied\\u{001B}\n', truncated: true };
    const failed = { ...row, deliveryState: 'FAILED', messageId: 10006, messageText: 'Program failed', exitCode: 126, timedOut: false, output };
    renderRows(<ClientStatusRows advertisementId="S0100002" rows={[failed, { ...row, clientId: 'other' }]} />);
    expect(screen.getByText('10006 Program failed')).toBeTruthy();
    expect(screen.getByText('10005 Program started')).toBeTruthy();
    expect(screen.getAllByText('3')).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: /^Output of/ })).toHaveLength(1);
    expect(screen.queryByLabelText('stderr')).toBeNull();
    act(() => screen.getByRole('button', { name: `Output of ${row.clientId}` }).click());
    expect(screen.getByLabelText('stderr').textContent).toBe(output.stderr);
    expect(screen.getByLabelText('stdout').textContent).toBe('unpacking\n');
    expect(screen.getByText(/only the last part of each stream/)).toBeTruthy();
  });

  it('offers a re-run on every row when given what to do', () => {
    const reruns: string[] = [];
    renderRows(<ClientStatusRows advertisementId="S0100002" rows={[row, { ...row, clientId: 'other', deliveryState: 'SUCCEEDED' }]} onRerun={(clientId) => reruns.push(clientId)} />);
    expect(screen.getAllByRole('button', { name: /^Re-run on/ })).toHaveLength(2);
    screen.getByRole('button', { name: 'Re-run on other' }).click();
    expect(reruns).toEqual(['other']);
  });

  it('draws the timed-out count in the summary chart', () => {
    render(<StatusChart summary={{ targeted: 4, accepted: 4, waiting: 0, running: 1, succeeded: 1, failed: 1, timedOut: 1, notReported: 0 }} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('Timed out 1');
  });
});
