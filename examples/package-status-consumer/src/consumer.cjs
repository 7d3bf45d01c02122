#!/usr/bin/env node
// @ts-check
'use strict';

// Follows package distribution status: reads sdp.replication.package-status.v1 with its own
// consumer group and prints every change of a package's state on a distribution point.
//
//   node src/consumer.cjs
//
// Settings (environment): KAFKA_BROKERS (default 127.0.0.1:19092), KAFKA_SASL_USERNAME and
// KAFKA_SASL_PASSWORD (SCRAM-SHA-512; default the local stack's read-only sdp-event-reader),
// KAFKA_SSL (default false), KAFKA_SSL_CA_FILE (PEM; implies TLS), GROUP_ID (default
// example.package-status-consumer), TOPIC (default sdp.replication.package-status.v1),
// SCHEMAS_DIR (default: the repository's libs/contracts/generated/schemas), FROM_BEGINNING
// (default true: a new group starts at the earliest event still kept).

const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { TOPIC, loadValidators, PackageStatusTracker, describe } = require('./package-status.cjs');

/**
 * @typedef {{ username: string, password: string }} Credentials
 * @typedef {{ brokers: string[], credentials: Credentials, ssl: boolean, sslCaFile?: string, groupId: string, topic: string, schemasDir: string, fromBeginning: boolean }} Options
 */

// LOCAL DEVELOPMENT ONLY: the local stack's read-only principal (tools/stack/stack.mjs).
const LOCAL_READER = { username: 'sdp-event-reader', password: 'dev-kafka-event-reader-secret' };

/** @returns {Options} */
function optionsFromEnvironment() {
  const env = process.env;
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(',').map((broker) => broker.trim()),
    credentials: { username: env.KAFKA_SASL_USERNAME ?? LOCAL_READER.username, password: env.KAFKA_SASL_PASSWORD ?? LOCAL_READER.password },
    ssl: env.KAFKA_SSL === 'true',
    sslCaFile: env.KAFKA_SSL_CA_FILE || undefined,
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
  const kafka = new Kafka({
    clientId: options.groupId,
    brokers: options.brokers,
    // The platform's brokers take SASL/SCRAM-SHA-512 only; TLS wherever they are not on loopback.
    sasl: { mechanism: 'scram-sha-512', ...options.credentials },
    ssl: options.sslCaFile ? { ca: [readFileSync(options.sslCaFile, 'utf8')] } : options.ssl,
    logLevel: logLevel.WARN,
  });
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
