import { CLEAR_SCREEN, decide, frameFor } from './frames';

describe('frameFor', () => {
  it('redraws the whole screen on a terminal, every time', () => {
    expect(frameFor('view', undefined, true, 'heading')).toBe(`${CLEAR_SCREEN}heading\n\nview\n`);
    expect(frameFor('view', 'view', true, 'heading')).toBe(`${CLEAR_SCREEN}heading\n\nview\n`);
  });

  it('appends a block to a pipe only when the view changed', () => {
    expect(frameFor('one', undefined, false, 'heading')).toBe('one\n');
    expect(frameFor('one', 'one', false, 'heading')).toBeUndefined();
    expect(frameFor('two', 'one', false, 'heading')).toBe('\ntwo\n');
  });
});

describe('decide', () => {
  it('stops when the goal is reached or failed', () => {
    expect(decide({ done: true }, 0, undefined)).toEqual({ stop: true });
    expect(decide({ done: false, failure: 'broken' }, 0, 10)).toEqual({ stop: true, failure: 'broken' });
  });

  it('goes on until the timeout, which is a time-out only when a goal was set', () => {
    expect(decide({ done: false }, 999, 1000)).toEqual({ stop: false });
    expect(decide({ done: false }, 1000, 1000)).toEqual({ stop: true, timedOut: true });
    expect(decide(undefined, 1000, 1000)).toEqual({ stop: true, timedOut: false });
    expect(decide(undefined, 10 ** 9, undefined)).toEqual({ stop: false });
  });
});
