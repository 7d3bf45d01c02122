#!/usr/bin/env node
// Local service stack for development and integration tests:
//   Kafka 4.x (single KRaft broker+controller, SASL/SCRAM and ACLs), three
//   S3Proxy instances (S3 source store + two distribution points) and PostgreSQL.
//
//   node tools/stack/stack.mjs up [--only kafka,s3,postgres]
//   node tools/stack/stack.mjs down [--only ...]
//   node tools/stack/stack.mjs status [--only ...]
//   node tools/stack/stack.mjs reset          (down + delete all state but the classpath cache)
//
// Why it looks like this:
// - No Docker engine on our machines and no internet except package
//   registries, so the JVM services come from Maven Central (via `mvn`, into
//   ~/.m2) and run as plain detached `java` processes.
// - It must work before `npm install` (it is what tests need first), so it
//   uses Node built-ins only, and the modules beside this file by relative import:
//   config, utilities, pids, java (+ Maven), the parts (kafka, s3, postgres) and commands.
// - All runtime state is under <repo>/.stack/ (data, logs, pid files,
//   generated configs). A pid file is written only for a process this script
//   started, and `down` only ever signals those.

import { down, printFailure, reset, status, up } from './commands.mjs';
import { selectParts } from './parts.mjs';
import { StackError } from './utilities.mjs';

async function main(argv) {
  const [cmd, ...rest] = argv;
  let only;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--only') only = rest[++i];
    else if (rest[i].startsWith('--only=')) only = rest[i].slice(7);
    else throw new StackError(`unknown argument: ${rest[i]}`);
  }
  switch (cmd) {
    case 'up':
      return up(selectParts(only));
    case 'down':
      return down(selectParts(only));
    case 'status':
      return status(selectParts(only));
    case 'reset':
      if (only) throw new StackError('reset does not take --only (it wipes the whole .stack/)');
      return reset();
    default:
      console.error('usage: node tools/stack/stack.mjs up|down|status|reset [--only kafka,s3,postgres]');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof StackError) printFailure(e);
    else console.error(e);
    process.exit(1);
  },
);
