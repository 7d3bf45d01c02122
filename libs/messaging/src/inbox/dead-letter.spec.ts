import { ConsumedRecord } from '../port';
import { DEAD_LETTER_HEADERS, deadLetterMessage, readDeadLetter } from './dead-letter';

const record: ConsumedRecord = {
  topic: 'sdp.catalog.packages.v1',
  partition: 4,
  offset: '9007199254740993',
  key: 'package-1',
  value: Buffer.from('{"broken'),
  headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

describe('dead letters', () => {
  const failedAt = new Date('2026-01-02T03:04:05.000Z');

  it('keeps key, bytes and headers of the original and adds the cause', () => {
    const message = deadLetterMessage({ record, consumerGroup: 'sdp-advertisement', reason: 'not JSON: boom', attempts: 0, failedAt });
    expect(message.key).toBe('package-1');
    expect(message.value).toBe(record.value);
    expect(message.headers).toMatchObject({
      traceparent: record.headers.traceparent,
      [DEAD_LETTER_HEADERS.reason]: 'not JSON: boom',
      [DEAD_LETTER_HEADERS.originalOffset]: '9007199254740993',
    });
    expect(message.headers).not.toHaveProperty(DEAD_LETTER_HEADERS.eventId);
  });

  it('reads back what it wrote', () => {
    const message = deadLetterMessage({ record, consumerGroup: 'g', reason: 'handler failed 5 times', attempts: 5, eventId: 'e-1', failedAt });
    const asConsumed: ConsumedRecord = { ...record, topic: 'sdp.catalog.packages.v1.dlq.g', partition: 0, offset: '0', headers: message.headers ?? {} };
    expect(readDeadLetter(asConsumed)).toEqual({
      reason: 'handler failed 5 times',
      originalTopic: 'sdp.catalog.packages.v1',
      originalPartition: 4,
      originalOffset: '9007199254740993',
      consumerGroup: 'g',
      attempts: 5,
      eventId: 'e-1',
      failedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('cuts very long reasons', () => {
    const message = deadLetterMessage({ record, consumerGroup: 'g', reason: 'x'.repeat(100_000), attempts: 1, failedAt });
    expect(message.headers?.[DEAD_LETTER_HEADERS.reason]?.length).toBe(4_000);
  });

  it('says undefined for a record that is not a dead letter', () => {
    expect(readDeadLetter(record)).toBeUndefined();
  });
});
