import { Admin, Kafka } from 'kafkajs';

/**
 * Commits the current end of each topic for a new consumer group, so a service started with it
 * reads only what comes next (the shared broker's topics hold every earlier test run's events).
 * One short-lived member joins and commits for all topics at once (admin.setOffsets joins once
 * per topic, which takes seconds each). The topics must exist.
 */
export async function startConsumerGroupAtEnd(kafka: Kafka, admin: Admin, groupId: string, topics: readonly string[]): Promise<void> {
  const ends = await Promise.all(
    topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ topic, partition, offset: high }))),
  );
  const member = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  await member.connect();
  await member.subscribe({ topics: [...topics], fromBeginning: false });
  const joined = new Promise<void>((resolve) => member.on(member.events.GROUP_JOIN, () => resolve()));
  await member.run({ autoCommit: false, eachMessage: async () => undefined });
  await joined;
  await member.commitOffsets(ends.flat());
  await member.disconnect();
}
