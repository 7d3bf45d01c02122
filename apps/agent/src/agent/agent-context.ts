import { randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { ClientSession, fileSessionStore } from '../api/client-session';
import { RegistrationRequest, ServiceClient } from '../api/service-client';
import type { AgentSettings } from '../cli/agent-args';
import { ContentCache } from '../content/content-cache';
import { PackageDownloader } from '../content/package-downloader';
import type { LoggedOnUsers } from '../decisions/run-when';
import { InventoryDocument, InventoryOverride, mergeInventory, parseInventoryOverride, withLoggedOnUsers } from '../inventory/inventory-document';
import { listLoggedOnUsers } from '../inventory/logged-on-users';
import { collectMachineInventory } from '../inventory/machine-inventory';
import { readJsonFile, writeJsonAtomic } from '../state/atomic-file';
import { dataDirLayout, DataDirLayout } from '../state/data-dir-layout';
import { ExecutionHistory } from '../state/execution-history';
import { ReportQueue } from '../state/report-queue';
import { SelfUpdater } from '../self-update/self-updater';
import { AdvertisementRunner } from './advertisement-runner';
import type { EventLog } from './event-log';
import { StatusReporter } from './status-reporter';

/** Everything one cycle works with, loaded from the data dir while the cycle holds its lock. */
export interface AgentContext {
  settings: AgentSettings;
  layout: DataDirLayout;
  services: ServiceClient;
  session: ClientSession;
  history: ExecutionHistory;
  reporter: StatusReporter;
  runner: AdvertisementRunner;
  selfUpdate: SelfUpdater;
  log: EventLog;
  inventory(): Promise<InventoryDocument>;
  /** The inventory file's `loggedOnUsers` when it gives them, otherwise the system's answer. */
  loggedOnUsers(): Promise<LoggedOnUsers>;
}

/** Whether "logged-on users unknown" was logged: once per process, not on every re-check. */
let unknownUsersLogged = false;

export async function loadAgentContext(settings: AgentSettings, log: EventLog): Promise<AgentContext> {
  const layout = dataDirLayout(settings.dataDir);
  await mkdir(settings.dataDir, { recursive: true, mode: 0o700 });
  const services = new ServiceClient({ targeting: settings.targetingUrl, advertisement: settings.advertisementUrl, replication: settings.replicationUrl });
  const inventoryFile = async (): Promise<InventoryOverride> => (settings.inventoryFile ? readOverride(settings.inventoryFile) : {});
  const loggedOnUsersFrom = async (override: InventoryOverride): Promise<LoggedOnUsers> => override.loggedOnUsers ?? (await systemLoggedOnUsers(log));
  const inventory = async (): Promise<InventoryDocument> => {
    const override = await inventoryFile();
    const machine = await collectMachineInventory(await hardwareIdOf(layout), settings.dataDir, log);
    const merged = withLoggedOnUsers(mergeInventory(machine, override), await loggedOnUsersFrom(override));
    return settings.name ? { ...merged, name: settings.name } : merged;
  };
  const loggedOnUsers = async (): Promise<LoggedOnUsers> => loggedOnUsersFrom(await inventoryFile());
  const registration = async (): Promise<RegistrationRequest> => {
    const document = await inventory();
    log.event('register', { name: document.name, hardwareId: document.hardwareId, os: document.os });
    return { enrollmentSecret: settings.enrollSecret, ...document };
  };
  const session = new ClientSession(services, fileSessionStore({ identity: layout.identity, clientKey: layout.clientKey }), registration, (name, fields) => log.event(name, fields));
  await session.load();
  const history = await ExecutionHistory.load(layout.history);
  const reporter = new StatusReporter(await ReportQueue.load(layout.reports), session, services, log);
  const cache = await ContentCache.open(layout.cacheDir, settings.cacheSizeMb * 1024 * 1024);
  const downloader = new PackageDownloader(cache);
  // The supervisor names the executable it starts; an agent run any other way cannot replace itself.
  const selfUpdate = new SelfUpdater({ markerPath: layout.pendingUpdate, installedExecutable: process.env.SDP_AGENT_EXECUTABLE || null, log });
  const runner = new AdvertisementRunner({ services, session, history, reporter, cache, downloader, selfUpdate, workDir: layout.workDir, log, outputTailBytes: settings.outputTailBytes });
  return { settings, layout, services, session, history, reporter, runner, selfUpdate, log, inventory, loggedOnUsers };
}

/** Who is logged on, by `who` / `quser`; 'unknown' (runWhen then counts as any, runOncePer: user as computer) when the system cannot say. */
async function systemLoggedOnUsers(log: EventLog): Promise<LoggedOnUsers> {
  try {
    return await listLoggedOnUsers();
  } catch (error) {
    if (!unknownUsersLogged) {
      unknownUsersLogged = true;
      log.error(`logged-on users unknown (${(error as Error).message}): runWhen is treated as any, runOncePer: user as computer`);
    }
    return 'unknown';
  }
}

/** A generated identity kept in the data dir unless the inventory file names one: each data dir is one computer. */
async function hardwareIdOf(layout: DataDirLayout): Promise<string> {
  const path = layout.hardwareId;
  const known = await readJsonFile<{ hardwareId: string }>(path);
  if (known?.hardwareId) {
    return known.hardwareId;
  }
  const hardwareId = randomUUID();
  await writeJsonAtomic(path, { hardwareId });
  return hardwareId;
}

async function readOverride(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read inventory file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`inventory file ${path} is not valid JSON`);
  }
  return parseInventoryOverride(value, `inventory file ${path}`);
}
