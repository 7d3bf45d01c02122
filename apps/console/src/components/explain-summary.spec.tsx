/**
 * @jest-environment jsdom
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ExplainAdvertisement } from '../advertisements/ExplainAdvertisement';
import { fakeFetch, renderWithSession } from '../test-support/render-with-session';
import { advertisementVerdict, membershipVerdict } from './explain-summary';

const pass = (condition: string) => ({ condition, passed: true, detail: '' });
const fail = (condition: string) => ({ condition, passed: false, detail: '' });

describe('the Explain summary', () => {
  it('agrees with the ✘ list of the advertisement checks', () => {
    expect(advertisementVerdict([pass('member'), pass('platform'), pass('content-ready')])).toEqual({ gets: true, text: 'gets this advertisement' });
    expect(advertisementVerdict([pass('member'), pass('platform'), fail('content-ready')]).text).toBe('is offered this advertisement but cannot download it yet: ✘ content-ready');
    expect(advertisementVerdict([fail('member'), pass('platform'), fail('content-ready')])).toEqual({ gets: false, text: 'does not get this advertisement: ✘ member, ✘ content-ready' });
  });

  it('agrees with the limiting collection and the rules it lists', () => {
    const adds = { rule: { type: 'query' as const, name: 'q', expression: 'x' }, effect: 'adds', matched: true };
    const removes = { rule: { type: 'exclude' as const, collectionId: 'S0100002' }, effect: 'removes', matched: true };
    expect(membershipVerdict({ limiting: null, rules: [adds] as never })).toEqual({ member: true, text: 'is a member' });
    expect(membershipVerdict({ limiting: { collectionId: 'SMS00001', member: false }, rules: [adds] as never }).text).toBe('is not a member: ✘ not in the limiting collection SMS00001');
    expect(membershipVerdict({ limiting: null, rules: [adds, removes] as never }).text).toBe('is not a member: ✘ an exclude rule removes it');
    expect(membershipVerdict({ limiting: null, rules: [{ ...adds, matched: false }] as never }).text).toBe('is not a member: ✘ no rule adds it');
  });

  it('shows the advertisement summary from the checks it lists, about the named computer', async () => {
    // Typed as an ID, the field passes it on as it is (a name would be looked up first).
    const CLIENT_ID = '0b7e2a51-6d3c-4f7e-9a10-2c4d5e6f7a8b';
    const { fetcher } = fakeFetch((request) => {
      if (request.url.includes('/explain')) {
        return { status: 200, body: { clientId: CLIENT_ID, applies: true, excludedBy: null, checks: [pass('member'), fail('content-ready')], contentReady: false } };
      }
      if (request.url.endsWith(`/clients/${CLIENT_ID}`)) return { status: 200, body: { id: CLIENT_ID, name: 'ws-1' } };
      return { status: 200, body: { items: [], nextCursor: null } };
    });
    renderWithSession(<ExplainAdvertisement advertisementId="S0100003" />, fetcher);
    fireEvent.change(screen.getByLabelText('Client'), { target: { value: CLIENT_ID } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
    await waitFor(() => expect(document.querySelector('.explain-summary')?.textContent).toContain('ws-1'));
    expect(document.querySelector('.explain-summary')?.textContent).toBe(`ws-1 (${CLIENT_ID}) is offered this advertisement but cannot download it yet: ✘ content-ready`);
  });
});
