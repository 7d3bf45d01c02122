#!/usr/bin/env node
// @ts-check
'use strict';

// Follows package distribution status: reads sdp.replication.package-status.v1 with its own
// consumer group and prints every change of a package's state on a distribution point.
//
//   node src/consumer.cjs
//
// Settings (environment): KAFKA_BROKERS (default 127.0.0.1:19092), GROUP_ID (default
// example.package-status-consumer), TOPIC (default sdp.replication.package-status.v1),
// SCHEMAS_DIR (default: the repository's libs/contracts/generated/schemas), FROM_BEGINNING
// (default true: a new group starts at the earliest event still kept).

const { join } = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { TOPIC, loadValidators, PackageStatusTracker, describe } = require('./package-status.cjs');

/**
 * @typedef {{ brokers: string[], groupId: string, topic: string, schemasDir: string, fromBeginning: boolean }} Options
 */

/** @returns {Options} */
function optionsFromEnvironment() {
  const env = process.env;
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((broker) => broker.trim()),
    groupId: env.GROUP_ID ?? 'example.package-status-consumer',
    topic: env.TOPIC ?? TOPIC,
    schemasDir: env.SCHEMAS_DIR ?? join(__dirname, '..', '..', '..', 'libs', 'contracts', 'generated', 'schemas'),
    fromBeginning: (env.FROM_BEGINNING ?? 'true') !== 'false',
  };
}

/**
 * Starts consuming; resolves once the consumer runs, with a function that stops it.
 * @param {Options} options
 * @param {(line: string) => void} print
 * @returns {Promise<() => Promise<void>>}
 */
async function run(options, print) {
  const tracker = new PackageStatusTracker(loadValidators(options.schemasDir));
  const kafka = new Kafka({ clientId: options.groupId, brokers: options.brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning });
  // kafkajs commits an offset after eachMessage returns, so an event is marked consumed only
  // once it has been handled: delivery is at least once, and the tracker drops duplicates.
  await consumer.run({
    eachMessage: async ({ message }) => {
      const line = describe(tracker.handle(message.value));
      if (line !== undefined) print(line);
    },
  });
  return () => consumer.disconnect();
}

async function main() {
  const options = optionsFromEnvironment();
  const stop = await run(options, (line) => console.log(line));
  console.log(`following ${options.topic} as consumer group ${options.groupId}; Ctrl-C stops`);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

module.exports = { run, optionsFromEnvironment };
