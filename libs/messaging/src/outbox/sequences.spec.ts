import { assignSequences, countPerAggregate, numberEvents } from './sequences';

const a = { topic: 't1', key: 'a' };
const b = { topic: 't1', key: 'b' };
const otherTopicA = { topic: 't0', key: 'a' };

describe('countPerAggregate', () => {
  it('counts events per (topic, key) and orders aggregates by topic then key', () => {
    expect(countPerAggregate([b, a, b, otherTopicA, b])).toEqual([
      { topic: 't0', key: 'a', count: 1 },
      { topic: 't1', key: 'a', count: 1 },
      { topic: 't1', key: 'b', count: 3 },
    ]);
  });

  it('does not confuse keys that would collide when joined naively', () => {
    expect(countPerAggregate([{ topic: 'x.y', key: 'z' }, { topic: 'x', key: 'y.z' }])).toHaveLength(2);
  });
});

describe('numberEvents', () => {
  it('numbers each aggregate consecutively up to its reserved last sequence, in input order', () => {
    const refs = [b, a, b, otherTopicA, b];
    const reserved = [
      { topic: 't1', key: 'b', lastSequence: 12 },
      { topic: 't1', key: 'a', lastSequence: 1 },
      { topic: 't0', key: 'a', lastSequence: 5 },
    ];
    expect(numberEvents(refs, reserved)).toEqual([10, 1, 11, 5, 12]);
  });

  it('fails loudly when the reservation misses an aggregate', () => {
    expect(() => numberEvents([a, b], [{ topic: 't1', key: 'a', lastSequence: 1 }])).toThrow(/no sequence reserved/);
  });
});

describe('assignSequences', () => {
  it('reserves once with the counts and numbers from the answer', async () => {
    const reserve = jest.fn(async (counts: { topic: string; key: string; count: number }[]) =>
      counts.map((count) => ({ topic: count.topic, key: count.key, lastSequence: 100 + count.count })),
    );
    await expect(assignSequences([a, a, b], reserve)).resolves.toEqual([101, 102, 101]);
    expect(reserve).toHaveBeenCalledTimes(1);
  });
});
