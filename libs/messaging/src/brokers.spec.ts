import { parseBrokers } from './brokers';

describe('parseBrokers', () => {
  it('splits a comma-separated list and trims it', () => {
    expect(parseBrokers(' kafka-0:9092, kafka-1:9092 ,')).toEqual(['kafka-0:9092', 'kafka-1:9092']);
  });

  it('rejects entries without a port and empty lists', () => {
    expect(() => parseBrokers('kafka-0')).toThrow(/not host:port/);
    expect(() => parseBrokers(' , ')).toThrow(/no Kafka broker/);
  });
});
