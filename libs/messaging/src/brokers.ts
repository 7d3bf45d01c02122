/** Parses a comma-separated broker list (the KAFKA_BROKERS setting) into host:port entries. */
export function parseBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) {
      throw new Error(`broker ${JSON.stringify(broker)} is not host:port`);
    }
  }
  if (brokers.length === 0) {
    throw new Error('no Kafka broker given');
  }
  return brokers;
}
