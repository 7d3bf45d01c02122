import { join } from 'node:path';
import { access } from 'node:fs/promises';
import { ClientSession, fileSessionStore } from '../api/client-session';
import type { Credentials } from '../api/service-client';
import { ServiceClient } from '../api/service-client';
import type { EventLog } from '../agent/event-log';
import type { AgentSettings } from '../cli/agent-args';
import { acquireDataDirLock } from '../state/data-dir-lock';
import { dataDirLayout } from '../state/data-dir-layout';
import { AgentMetering } from './agent-metering';
import { processListerFor } from './process-listing';

/** How long metering waits for the data dir while a cycle holds it, before it tries again at the next sample. */
const LOCK_WAIT_MS = 1000;
/** The rules are asked for again this often (an ETag request), or every poll interval if that is shorter. */
const RULES_REFRESH_SECONDS = 60;

/**
 * Starts metering for the service loop when a metering service is configured, on systems whose
 * process list the agent can read (Linux: /proc, macOS: ps, Windows: PowerShell); elsewhere it
 * says so once and meters nothing.
 */
export async function startAgentMetering(settings: AgentSettings, log: EventLog): Promise<AgentMetering | undefined> {
  if (!settings.meteringUrl) {
    return undefined;
  }
  const listProcesses = processListerFor(process.platform);
  if (!listProcesses) {
    log.error(`metering: reading the process list on ${process.platform} is not supported; nothing is metered`);
    return undefined;
  }
  const layout = dataDirLayout(settings.dataDir);
  const services = new ServiceClient({ targeting: settings.targetingUrl, advertisement: settings.advertisementUrl, replication: settings.replicationUrl });
  const metering = await AgentMetering.load({
    meteringUrl: settings.meteringUrl,
    sampleSeconds: settings.meteringSampleSeconds ?? 5,
    rulesRefreshSeconds: Math.min(RULES_REFRESH_SECONDS, settings.pollSeconds),
    statePath: join(settings.dataDir, 'metering.json'),
    listProcesses,
    withCredentials: dataDirCredentials(layout, services, log),
    log,
  });
  log.event('metering-start', { meteringUrl: settings.meteringUrl, sampleSeconds: settings.meteringSampleSeconds ?? 5 });
  metering.start();
  return metering;
}

/**
 * The client's credentials as the cycle keeps them in the data dir, read and renewed under the
 * data dir lock (the cycle may renew them too). Nothing before the cycle registered the client:
 * metering never registers or makes a key itself.
 */
function dataDirCredentials(layout: ReturnType<typeof dataDirLayout>, services: ServiceClient, log: EventLog) {
  return async <T>(work: (credentials: Credentials) => Promise<T>): Promise<T | undefined> => {
    const registered = await Promise.all([access(layout.identity), access(layout.clientKey)]).then(
      () => true,
      () => false,
    );
    if (!registered) {
      return undefined;
    }
    let release: () => Promise<void>;
    try {
      release = await acquireDataDirLock(layout.lock, LOCK_WAIT_MS);
    } catch {
      return undefined;
    }
    try {
      const session = new ClientSession(
        services,
        fileSessionStore({ identity: layout.identity, clientKey: layout.clientKey }),
        () => Promise.reject(new Error('this computer is not registered (any more); the next cycle registers it')),
        (name, fields) => log.event(name, fields),
      );
      if (!(await session.load())) {
        return undefined;
      }
      return await session.call(work);
    } finally {
      await release();
    }
  };
}
