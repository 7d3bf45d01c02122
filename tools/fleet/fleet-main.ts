// The fleet simulator's command line, run by tools/fleet/fleet.mjs on the project's Node.
import { parseArgs } from 'node:util';
import { Fleet, parseOutcome, summaryLine } from '@sdp/agent/test-support';

const HELP = `usage: npm run fleet -- --agents N [options]

Runs N simulated agents in this process against running services (default: the ports of \`npm start\`):
each registers with the agent's real key and token code, sends a synthetic inventory (name sim-00042,
inventory.fleet = the fleet's name, inventory.site, an address in 10.<100+site>.0.0/16), polls its
policy with If-None-Match and reports ACCEPTED, RUNNING and the scripted outcome of every advertisement.

  --agents N                   how many (required)
  --enrollment-secret S        default: $SDP_ENROLLMENT_SECRET, else the local stack's dev-enroll-secret
  --targeting URL              default http://127.0.0.1:3003
  --advertisement URL          default http://127.0.0.1:3004
  --replication URL            default http://127.0.0.1:3002
  --name NAME                  the fleet's name (inventory.fleet, part of each hardware ID); default random
  --identity-dir DIR           keep identities and keys as files there (then --name makes a rerun the same computers)
  --poll-seconds S             default 60, each interval jittered by ±20%
  --register-concurrency N     registrations in flight at once, default 64
  --outcome O                  succeed | fail:CODE | hang (never a final state); default succeed
  --run-seconds S              time between RUNNING and the final state, default 1
  --content                    download and verify content (off by default)
  --duration S                 stop after S seconds; default: until Ctrl-C
  --processes N                split the agents over N processes (each its own share and connection
                               pool, one fleet name); default 1. Each process prints its own lines
  --first-index N              number the agents from N (set by --processes for each share); default 0

Exit status: 0 when at least one agent registered, 1 when none did, 2 on a bad option.
`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`--${name} must be a positive number, not "${value}"`);
  }
  return number;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      'enrollment-secret': { type: 'string' },
      targeting: { type: 'string', default: 'http://127.0.0.1:3003' },
      advertisement: { type: 'string', default: 'http://127.0.0.1:3004' },
      replication: { type: 'string', default: 'http://127.0.0.1:3002' },
      name: { type: 'string' },
      'identity-dir': { type: 'string' },
      'poll-seconds': { type: 'string' },
      'register-concurrency': { type: 'string' },
      outcome: { type: 'string', default: 'succeed' },
      'run-seconds': { type: 'string' },
      content: { type: 'boolean', default: false },
      duration: { type: 'string' },
      'first-index': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || values.agents === undefined) {
    console.log(HELP);
    return values.help ? 0 : 2;
  }
  const agents = positive('agents', values.agents, 0);
  if (!Number.isInteger(agents)) throw new Error('--agents must be a whole number');
  const registerConcurrency = positive('register-concurrency', values['register-concurrency'], 64);
  if (!Number.isInteger(registerConcurrency)) throw new Error('--register-concurrency must be a whole number');
  const firstIndex = Number(values['first-index']);
  if (!Number.isInteger(firstIndex) || firstIndex < 0) throw new Error('--first-index must be a whole number of at least 0');
  const durationSeconds = values.duration === undefined ? undefined : positive('duration', values.duration, 0);
  const fleet = new Fleet({
    urls: { targeting: values.targeting!, advertisement: values.advertisement!, replication: values.replication! },
    enrollmentSecret: values['enrollment-secret'] ?? process.env.SDP_ENROLLMENT_SECRET ?? 'dev-enroll-secret',
    name: values.name,
    firstIndex,
    identityDir: values['identity-dir'],
    pollSeconds: positive('poll-seconds', values['poll-seconds'], 60),
    registerConcurrency,
    outcome: parseOutcome(values.outcome!),
    runSeconds: positive('run-seconds', values['run-seconds'], 1),
    content: values.content,
  });
  const startedAt = Date.now();
  console.log(`fleet ${fleet.name}: starting ${agents} agents (inventory.fleet = '${fleet.name}')`);
  await fleet.start(agents);
  let lastRegistered = 0;
  let lastAt = startedAt;
  const summary = setInterval(() => {
    const now = Date.now();
    const registered = fleet.registrationTimes().size;
    const rate = ((registered - lastRegistered) * 1000) / (now - lastAt);
    lastRegistered = registered;
    lastAt = now;
    console.log(`[${Math.round((now - startedAt) / 1000)}s] ${summaryLine(fleet.stats())} | registrations/s ${rate.toFixed(1)}`);
  }, 10_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (durationSeconds !== undefined) setTimeout(resolve, durationSeconds * 1000);
  });
  clearInterval(summary);
  const memory = fleet.memory();
  await fleet.stop();
  const stats = fleet.stats();
  const registered = [...fleet.registrationTimes().values()];
  const registrationSpan = registered.length > 1 ? (Math.max(...registered) - startedAt) / 1000 : 0;
  console.log(summaryLine(stats));
  console.log(`requests: ${JSON.stringify(stats.requests)}`);
  if (stats.recentErrors.length > 0) console.log(`errors: ${JSON.stringify(stats.errors)}; last: ${stats.recentErrors.join(' | ')}`);
  console.log(
    `${registered.length} of ${agents} registered` +
      (registrationSpan > 0 ? ` in ${registrationSpan.toFixed(1)} s (${(registered.length / registrationSpan).toFixed(1)}/s)` : '') +
      `; memory per agent: heap ${(memory.heapBytesPerAgent / 1024).toFixed(1)} KiB, RSS ${(memory.rssBytesPerAgent / 1024).toFixed(1)} KiB`,
  );
  if (registered.length === 0) {
    // Nothing reached the services: a script (or CI) running the fleet must not read this as success.
    console.error(`fleet: no agent registered; check --targeting (${values.targeting}) and the enrollment secret`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`fleet: ${error.message}`);
    process.exit(2);
  },
);
