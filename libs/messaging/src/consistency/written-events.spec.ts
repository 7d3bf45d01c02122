import { EventPosition } from './consistency-token';
import { collectWrittenEvents, collectWrittenEventsBySubject, recordWrittenEvents, WrittenEvents } from './written-events';

const position = (subject: string, sequence: number): EventPosition => ({ topic: 'sdp.test', subject, sequence });

describe('the events a request names', () => {
  it('are those the work it runs enqueues, and none outside it', async () => {
    const written = new WrittenEvents();
    recordWrittenEvents([position('outside', 1)]);
    await collectWrittenEvents(written, async () => {
      await Promise.resolve();
      recordWrittenEvents([position('a', 1)]);
    });
    expect(written.list()).toEqual([position('a', 1)]);
  });

  it('of a group done for many requests: each gets its own subject and the shared ones, never another request’s', async () => {
    const request = new WrittenEvents();
    const { value, written } = await collectWrittenEvents(request, () =>
      collectWrittenEventsBySubject(['a', 'b', 'c'], async () => {
        recordWrittenEvents([position('a', 1), position('collection-1', 7), position('b', 4), position('a', 2)]);
        return 'done';
      }),
    );
    expect(value).toBe('done');
    expect(written).toEqual([
      [position('a', 1), position('a', 2), position('collection-1', 7)],
      [position('b', 4), position('collection-1', 7)],
      [position('collection-1', 7)],
    ]);
    // The group's events went to its own collection, not to the request it happened to run in.
    expect(request.list()).toEqual([]);
  });
});
