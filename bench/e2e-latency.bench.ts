/**
 * How long a new source version takes to reach a computer, step by step, on the whole system:
 * the four built services as processes, two S3Proxy DPs and a real agent. A package of SIZE MiB
 * (a few large random files) is published as version 2 of an advertised package with
 * `rerun: always`; the clock runs from the upload's answer (source published) to both DPs
 * INSTALLED, to the client's policy showing the version with contentReady, to the agent's
 * SUCCEEDED in the advertisement's summary. The agent runs one cycle (`--once`) as soon as the
 * policy is ready, so its own start-up is part of the last step. Each step is printed beside the
 * total; the run repeats ROUNDS times (new version each) and reports every round and the median.
 * Usage: npm run bench -- e2e-latency [--size-mib 100] [--rounds 3]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminFlow, startSystem, TestAgent, waitFor, writePackageFolder } from '@sdp/e2e/test-support';
import { argument, writeResult } from './bench-support';

const sizeMib = argument('size-mib', 100);
const rounds = argument('rounds', 3);
const MIB = 1024 * 1024;
const LARGE_FILES = 4;

interface Round {
  version: number;
  installedOnDps: number;
  policyReady: number;
  agentSucceeded: number;
  total: number;
}

async function main(): Promise<void> {
  const system = await startSystem();
  const workDir = mkdtempSync(join(tmpdir(), 'sdp-bench-e2e-'));
  try {
    const flow = new AdminFlow(system);
    const folder = join(workDir, 'package');
    writePackageFolder(folder, '1', { dataFiles: 1 });
    const packageId = await flow.createPackage('Latency Tool');
    await flow.addProgram(packageId, { name: 'Install', commandLine: 'sh install.sh', maxRunTimeMinutes: 5 });
    await flow.upload(packageId, folder);
    await flow.addDistributionPoint('dp1', 0, { boundaries: ['10.1.0.0/16'] });
    await flow.addDistributionPoint('dp2', 1, { boundaries: ['10.2.0.0/16'] });
    await flow.distribute(packageId, ['dp1', 'dp2']);
    await flow.installed(packageId, 1, ['dp1', 'dp2']);

    const agent = new TestAgent(system, workDir, { name: 'bench-pc', os: { name: 'linux', version: '6.1.0', arch: 'x64' }, ipAddresses: ['10.1.0.50'] });
    await agent.once();
    const identity = JSON.parse(readFileSync(join(agent.dataDir, 'identity.json'), 'utf8')) as { clientId: string; token: string };
    const collectionId = await flow.queryCollection('Latency computers', "name = 'bench-pc'");
    const advertisementId = await flow.advertise({ name: 'Latency', packageId, program: 'Install', collectionId, mandatory: [{ type: 'asap' }], rerun: 'always' });
    const historyLength = async (): Promise<number> => {
      const history = await flow.api.get<{ items: { state: string }[] }>(
        `${system.urls.advertisement}/api/v1/advertisements/${advertisementId}/status/clients/${identity.clientId}/history?limit=500`,
      );
      return history.items.filter((entry) => entry.state === 'SUCCEEDED').length;
    };
    /** One agent cycle, then whether the computer has succeeded more than `before` times. */
    const runAgentUntilSucceededMoreThan = (before: number, what: string, timeoutMs: number) =>
      waitFor(
        async () => {
          await agent.once();
          return (await historyLength()) > before ? true : undefined;
        },
        timeoutMs,
        what,
        0,
      );
    // Version 1 runs once, so every measured round starts from a settled computer.
    await runAgentUntilSucceededMoreThan(0, 'version 1 run', 60_000);

    const results: Round[] = [];
    mkdirSync(join(folder, 'data'), { recursive: true });
    for (let round = 0; round < rounds; round++) {
      const version = round + 2;
      writeFileSync(join(folder, 'version.txt'), `${version}\n`);
      for (let index = 0; index < LARGE_FILES; index++) {
        writeFileSync(join(folder, 'data', `large-${index}.bin`), randomBytes(Math.floor((sizeMib * MIB) / LARGE_FILES)));
      }
      const successesBefore = await historyLength();
      const uploaded = await flow.upload(packageId, folder);
      const published = Date.now();
      await flow.installed(packageId, uploaded.version, ['dp1', 'dp2'], 300_000);
      const installed = Date.now();
      await waitFor(
        async () => {
          const response = await fetch(`${system.urls.advertisement}/api/v1/clients/${identity.clientId}/policy`, {
            headers: { authorization: `Bearer ${identity.token}` },
          });
          const policy = (await response.json()) as { advertisements: { advertisementId: string; contentVersion: number; contentReady: boolean }[] };
          const entry = policy.advertisements.find((candidate) => candidate.advertisementId === advertisementId);
          return entry?.contentVersion === uploaded.version && entry.contentReady ? true : undefined;
        },
        60_000,
        `policy with version ${uploaded.version} ready`,
        50,
      );
      const policyReady = Date.now();
      await runAgentUntilSucceededMoreThan(successesBefore, `agent run of version ${uploaded.version}`, 120_000);
      const succeeded = Date.now();
      results.push({
        version: uploaded.version,
        installedOnDps: seconds(installed - published),
        policyReady: seconds(policyReady - installed),
        agentSucceeded: seconds(succeeded - policyReady),
        total: seconds(succeeded - published),
      });
      console.log(`round ${round + 1}: ${JSON.stringify(results[results.length - 1])}`);
    }

    const median = (pick: (round: Round) => number) => percentile50(results.map(pick));
    const summary = {
      bench: 'e2e-latency',
      at: new Date().toISOString(),
      packageMib: sizeMib,
      files: LARGE_FILES + 2,
      distributionPoints: 2,
      rounds: results,
      medianSeconds: {
        installedOnDps: median((round) => round.installedOnDps),
        policyReady: median((round) => round.policyReady),
        agentSucceeded: median((round) => round.agentSucceeded),
        total: median((round) => round.total),
      },
      note: 'source published = PUT /source answered; the agent step includes starting the agent process, locating, downloading and verifying the package and running it',
    };
    const m = summary.medianSeconds;
    writeResult(
      'e2e-latency',
      summary,
      `e2e-latency: ${sizeMib} MiB to 2 DPs and an agent, median of ${rounds}: installed on DPs ${m.installedOnDps} s, ` +
        `policy ready +${m.policyReady} s, agent SUCCEEDED +${m.agentSucceeded} s = ${m.total} s`,
    );
  } finally {
    await system.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

function percentile50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
