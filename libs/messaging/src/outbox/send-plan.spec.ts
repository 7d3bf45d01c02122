import { OutboxRow, planSends } from './send-plan';

function row(id: number, topic: string, key: string, payload = `{"n":${id}}`): OutboxRow {
  return { id: String(id), topic, messageKey: key, payload, headers: { 'content-type': 'application/cloudevents+json' } };
}

describe('planSends', () => {
  it('sends each topic once, keeping the ID order of its rows', () => {
    const sends = planSends([row(1, 'x', 'a'), row(2, 'y', 'a'), row(3, 'x', 'b'), row(4, 'x', 'a')], 1_000_000);
    expect(sends.map((send) => [send.topic, send.messages.map((message) => message.value)])).toEqual([
      ['x', ['{"n":1}', '{"n":3}', '{"n":4}']],
      ['y', ['{"n":2}']],
    ]);
    expect(sends[0].messages[0]).toEqual({ key: 'a', value: '{"n":1}', headers: { 'content-type': 'application/cloudevents+json' } });
  });

  it('splits a topic into consecutive sends below the byte limit; an oversized row goes alone', () => {
    const rows = [row(1, 'x', 'k', 'a'.repeat(40)), row(2, 'x', 'k', 'b'.repeat(40)), row(3, 'x', 'k', 'c'.repeat(200)), row(4, 'x', 'k', 'd')];
    const sends = planSends(rows, 100);
    expect(sends.map((send) => send.messages.map((message) => String(message.value)[0]))).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('counts bytes, not characters', () => {
    const sends = planSends([row(1, 'x', 'k', 'é'.repeat(30)), row(2, 'x', 'k', 'é'.repeat(30))], 100);
    expect(sends).toHaveLength(2);
  });

  it('plans nothing for no rows', () => {
    expect(planSends([], 100)).toEqual([]);
  });
});
