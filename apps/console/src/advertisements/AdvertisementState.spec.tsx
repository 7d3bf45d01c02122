/**
 * @jest-environment jsdom
 */
import { render, screen } from '@testing-library/react';
import { AdvertisementStateBadge, BrokenNotice, FinishedBeyondTargeted } from './AdvertisementState';

describe('advertisement state', () => {
  it('badges a broken advertisement as broken, with the reason, even while enabled', () => {
    render(<AdvertisementStateBadge ad={{ enabled: true, broken: true, brokenReason: 'collection S0100004 was deleted' }} />);
    const badge = screen.getByText('broken');
    expect(badge.className).toBe('badge badge-bad');
    expect(badge.getAttribute('title')).toBe('collection S0100004 was deleted');
  });

  it('badges a whole advertisement by enabled', () => {
    const { rerender } = render(<AdvertisementStateBadge ad={{ enabled: true, broken: false, brokenReason: null }} />);
    expect(screen.getByText('enabled').className).toBe('badge badge-ok');
    rerender(<AdvertisementStateBadge ad={{ enabled: false, broken: false, brokenReason: null }} />);
    expect(screen.getByText('disabled').className).toBe('badge badge-bad');
  });

  it('says why it is broken and what to do, and nothing while it is whole', () => {
    const { rerender, container } = render(<BrokenNotice integrity={{ broken: true, brokenReason: 'package S0100001 was deleted' }} />);
    expect(screen.getByRole('alert').textContent).toBe(
      'Broken: package S0100001 was deleted. It is offered to no client; point it at an existing package, program and collection, or delete it.',
    );
    rerender(<BrokenNotice integrity={{ broken: false, brokenReason: null }} />);
    expect(container.textContent).toBe('');
  });

  it('explains finished clients beyond those targeted now, and says nothing otherwise', () => {
    const counts = { targeted: 0, accepted: 1, waiting: 0, running: 0, succeeded: 1, failed: 0, timedOut: 0, notReported: 0 };
    const { rerender, container } = render(<FinishedBeyondTargeted summary={counts} />);
    expect(screen.getByRole('note').textContent).toBe('No client is targeted now; 1 finished before.');
    rerender(<FinishedBeyondTargeted summary={{ ...counts, targeted: 2, succeeded: 2, failed: 1 }} />);
    expect(screen.getByRole('note').textContent).toBe('3 finished, more than the 2 targeted now: some have left the collection since.');
    rerender(<FinishedBeyondTargeted summary={{ ...counts, targeted: 4, succeeded: 2 }} />);
    expect(container.textContent).toBe('');
  });
});
