import { CLIENT_STATUS_MESSAGE_IDS, type PolicyAdvertisement, type PolicyBody } from '@sdp/contracts';
import { join } from 'node:path';
import { ClientSession, SessionStore } from '../api/client-session';
import { HttpError } from '../api/http';
import type { Credentials, RegistrationRequest, ServiceClient, ServiceUrls, StatusReport } from '../api/service-client';
import { retryDelaySeconds } from '../agent/service-loop';
import { cacheKey, ContentCache } from '../content/content-cache';
import { PackageDownloader } from '../content/package-downloader';
import type { FleetRecorder, SimulatedRunState } from './fleet-stats';
import type { PushChannel, PushChannelOpener } from './push-channel';
import { jittered, Limiter } from './scheduling';
import type { ScriptedRunner } from './scripted-runner';

/** What a simulated agent tells targeting about its computer: the registration request without the secret. */
export type AgentDocument = Omit<RegistrationRequest, 'enrollmentSecret'>;

export interface SimulatedAgentSettings {
  enrollmentSecret: string;
  pollSeconds: number;
  /** Each poll interval is pollSeconds × (1 ± pollJitter), uniformly. */
  pollJitter: number;
  /** After a failed registration: the wait (jittered), or longer when the service sent Retry-After. */
  retrySeconds: number;
  /** How long a scripted program runs between RUNNING and its final state (jittered). */
  runSeconds: number;
  /** A policy change announced by push is fetched after a random delay of up to this. */
  pushDelayMs: number;
  /** A heartbeat before each poll after the first, as the real agent sends when its inventory is unchanged. */
  heartbeat: boolean;
  /** Download and verify content into `<root>/agent-<n>` (the agent's own downloader); null: skip content. */
  content: { root: string; cacheSizeMb: number } | null;
}

/** What every agent of a fleet shares: one client (one connection pool), the recorder, the script, the limits. */
export interface FleetShared {
  services: ServiceClient;
  urls: ServiceUrls;
  fetch: typeof fetch;
  recorder: FleetRecorder;
  runner: ScriptedRunner;
  /** Bounds registrations (with their first inventory) in flight. */
  registrations: Limiter;
  /** Bounds every other request in flight, so the shared pool never opens more connections than this. */
  requests: Limiter;
  settings: SimulatedAgentSettings;
  /** Set when the fleet runs with push. */
  openPushChannel: PushChannelOpener | undefined;
}

export type SimulatedAgentState = 'registering' | 'registered' | 'stopped';

const MAX_REPORT_BATCH = 500;

/**
 * One simulated computer: the real session code (key, registration, token renewal) with its
 * identity kept in `store`, a synthetic inventory, policy polls with If-None-Match spread by
 * jitter, and for each advertisement it has not handled yet the real agent's reports — ACCEPTED,
 * RUNNING, then the scripted SUCCEEDED / FAILED (or nothing, for a run scripted to hang).
 * Every advertisement runs once; schedules, maintenance windows and reruns are not simulated.
 */
export class SimulatedAgent {
  state: SimulatedAgentState = 'registering';
  private readonly session: ClientSession;
  private clientId = '';
  private etag: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private polls = 0;
  private polling = false;
  private pollAgain = false;
  /** Advertisements taken up (running, ended or hanging): never started twice. */
  private readonly handled = new Set<string>();
  private readonly accepted = new Set<string>();
  /** Advertisements whose content could not be had: tried again on the next poll, changed policy or not. */
  private retry: PolicyAdvertisement[] = [];
  private pending: StatusReport[] = [];
  private nextSeq = 1;
  private sending: Promise<void> = Promise.resolve();
  private channel: PushChannel | undefined;
  private downloader: Promise<PackageDownloader> | undefined;

  constructor(
    readonly index: number,
    readonly document: AgentDocument,
    store: SessionStore,
    private readonly shared: FleetShared,
    /** Enrolled already (its store holds an identity): no registration, no inventory. */
    private readonly enrolled = false,
  ) {
    this.session = new ClientSession(shared.services, store, async () => ({ enrollmentSecret: shared.settings.enrollmentSecret, ...document }));
  }

  get id(): string {
    return this.clientId;
  }

  /** Registers (within the fleet's registration limit), sends its inventory, then polls until stopped. */
  start(): void {
    void this.register();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    await this.channel?.stop();
    await this.sending;
  }

  /**
   * The push seam: the service says this agent's policy changed; after a small random delay, take
   * the policy the notification carried, or fetch it. As the real agent's service loop: a policy
   * that came while a poll was under way may be older than the polled one, so that means a fetch.
   */
  onPolicyChanged(etag: string, policy?: PolicyBody): void {
    if (this.state !== 'registered' || etag === this.etag) {
      return;
    }
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    const delayMs = Math.random() * this.shared.settings.pushDelayMs;
    if (policy) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.adopt(etag, policy), delayMs);
    } else {
      this.schedule(delayMs);
    }
  }

  /** A pushed policy, taken as a fetched one; the next poll stays at its interval. */
  private adopt(etag: string, policy: PolicyBody): void {
    this.etag = etag;
    this.shared.recorder.policyChanged(this.index, this.clientId, etag);
    this.act(policy.advertisements);
    this.schedule(jittered(this.shared.settings.pollSeconds * 1000, this.shared.settings.pollJitter));
  }

  private async register(): Promise<void> {
    const { recorder, registrations, services } = this.shared;
    try {
      const credentials = await registrations.run(async () => {
        await this.session.load();
        const registered = await this.session.credentials();
        if (!this.enrolled) {
          const { hardwareId: _hardwareId, ...inventory } = this.document;
          await this.session.call((current) => services.putInventory(current, inventory));
        }
        return registered;
      });
      if (this.state === 'stopped') {
        return;
      }
      this.clientId = credentials.clientId;
      this.state = 'registered';
      recorder.registered(this.index, this.clientId);
      this.openPushChannel();
      this.schedule(0);
    } catch (error) {
      recorder.error('register', (error as Error).message);
      if (this.state !== 'stopped') {
        this.timer = setTimeout(() => void this.register(), jittered(retryDelaySeconds(error, this.shared.settings.retrySeconds) * 1000, 0.5));
      }
    }
  }

  private openPushChannel(): void {
    const open = this.shared.openPushChannel;
    if (!open) {
      return;
    }
    this.channel = open({
      serviceUrl: this.shared.urls.advertisement,
      clientId: this.clientId,
      authorization: async () => `Bearer ${(await this.session.credentials()).token}`,
      onPolicyChanged: (etag, policy) => this.onPolicyChanged(etag, policy),
      fetch: this.shared.fetch,
    });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.state !== 'stopped') {
      this.timer = setTimeout(() => void this.poll(), delayMs);
    }
  }

  private async poll(): Promise<void> {
    const { recorder, services, settings } = this.shared;
    this.polling = true;
    this.polls += 1;
    if (settings.heartbeat && this.polls > 1) {
      await this.call((credentials) => services.heartbeat(credentials)).catch((error: Error) => recorder.error('heartbeat', error.message));
    }
    await this.flush();
    try {
      const answer = await this.call((credentials) => services.policy(credentials, this.etag));
      const retry = this.retry;
      this.retry = [];
      if (answer.changed) {
        this.etag = answer.etag;
        recorder.policyChanged(this.index, this.clientId, answer.etag);
        this.act(answer.body.advertisements);
      }
      this.act(retry);
    } catch (error) {
      recorder.error('poll', (error as Error).message);
    }
    this.polling = false;
    const again = this.pollAgain;
    this.pollAgain = false;
    this.schedule(again ? Math.random() * settings.pushDelayMs : jittered(settings.pollSeconds * 1000, settings.pollJitter));
  }

  private act(advertisements: readonly PolicyAdvertisement[]): void {
    const now = Date.now();
    for (const advertisement of advertisements) {
      const id = advertisement.advertisementId;
      const offered = Date.parse(advertisement.availableAt) <= now && (advertisement.expiresAt === null || Date.parse(advertisement.expiresAt) > now);
      if (this.handled.has(id) || !offered) {
        continue;
      }
      this.handled.add(id);
      this.shared.recorder.advertisementSeen(this.index, this.clientId, id, now);
      void this.run(advertisement).catch((error: Error) => this.shared.recorder.error('run', error.message));
    }
  }

  private async run(advertisement: PolicyAdvertisement): Promise<void> {
    const id = advertisement.advertisementId;
    const { runner, settings } = this.shared;
    if (!this.accepted.has(id)) {
      this.accepted.add(id);
      // As the real agent: ACCEPTED goes in the same request as the report that follows it.
      this.queueReport(id, 'ACCEPTED', CLIENT_STATUS_MESSAGE_IDS.received);
    }
    if (settings.content && advertisement.package.hasSource && !(await this.obtainContent(advertisement))) {
      this.handled.delete(id);
      this.retry.push(advertisement);
      return;
    }
    const program = `${advertisement.package.id}:${advertisement.program.name}`;
    const outcome = runner.outcomeOf({ agentIndex: this.index, advertisementId: id, packageId: advertisement.package.id, program: advertisement.program.name });
    await this.report(id, 'RUNNING', CLIENT_STATUS_MESSAGE_IDS.started, null, program);
    if (outcome.kind === 'hang') {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, jittered(settings.runSeconds * 1000, 0.2)));
    if (this.state === 'stopped') {
      return;
    }
    const exitCode = outcome.kind === 'fail' ? outcome.exitCode : 0;
    const [state, messageId] = outcome.kind === 'fail' ? (['FAILED', CLIENT_STATUS_MESSAGE_IDS.failed] as const) : (['SUCCEEDED', CLIENT_STATUS_MESSAGE_IDS.succeeded] as const);
    await this.report(id, state, messageId, exitCode, `${program} exited with ${exitCode}`);
  }

  /** The advertisement's own package (dependencies are not simulated) through the agent's verified downloader. */
  private async obtainContent(advertisement: PolicyAdvertisement): Promise<boolean> {
    const { services, recorder } = this.shared;
    const id = advertisement.advertisementId;
    const { package: pkg, contentVersion: version } = advertisement;
    if (!advertisement.contentReady) {
      await this.flush();
      return false;
    }
    await this.report(id, 'DOWNLOAD_IN_PROGRESS', null, null, `${pkg.id}:${advertisement.program.name}`);
    try {
      const locations = await this.call(async (credentials) => {
        const { grant } = await services.contentGrant(credentials, pkg.id, version);
        return services.contentLocations(credentials, pkg.id, version, advertisement.allowFallbackToUnprotected, grant);
      });
      const downloader = await this.contentDownloader();
      await downloader.obtain(
        {
          packageId: pkg.id,
          version,
          sizeBytes: pkg.sizeBytes,
          persistInCache: pkg.persistInCache,
          manifestDigest: pkg.sourceVersion === version ? pkg.manifestDigest : null,
          inUse: new Set([cacheKey(pkg.id, version)]),
        },
        locations,
        {
          mismatch: (distributionPoint, error) => recorder.error('content', `${distributionPoint}: ${error.message}`),
          locationFailed: (distributionPoint, error) => recorder.error('content', `${distributionPoint}: ${error.message}`),
          downloading: () => undefined,
        },
      );
    } catch (error) {
      recorder.error('content', (error as Error).message);
      await this.report(id, 'WAITING', null, null, `${(error as Error).message}; trying again on the next cycle`);
      return false;
    }
    await this.report(id, 'DOWNLOAD_COMPLETE', null);
    return true;
  }

  private contentDownloader(): Promise<PackageDownloader> {
    const content = this.shared.settings.content!;
    this.downloader ??= ContentCache.open(join(content.root, `agent-${this.index}`), content.cacheSizeMb * 1024 * 1024).then((cache) => new PackageDownloader(cache));
    return this.downloader;
  }

  /** Queues a report with the next seq (the real agent's format) and sends what is queued. */
  private async report(advertisementId: string, state: SimulatedRunState, messageId: number | null, exitCode: number | null = null, detail: string | null = null): Promise<void> {
    this.queueReport(advertisementId, state, messageId, exitCode, detail);
    await this.flush();
  }

  /** Queues a report with the next seq; it goes with the next send. */
  private queueReport(advertisementId: string, state: SimulatedRunState, messageId: number | null, exitCode: number | null = null, detail: string | null = null): void {
    this.pending.push({ advertisementId, state, messageId, exitCode, detail, at: new Date().toISOString(), seq: this.nextSeq });
    this.nextSeq += 1;
  }

  /** One send at a time per agent, in seq order; what the service could not take goes with the next poll's flush. */
  private flush(): Promise<void> {
    this.sending = this.sending.then(() => this.sendPending());
    return this.sending;
  }

  private async sendPending(): Promise<void> {
    const { recorder, services } = this.shared;
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, MAX_REPORT_BATCH);
      try {
        await this.call((credentials) => services.sendStatus(credentials, batch));
      } catch (error) {
        recorder.error('report', (error as Error).message);
        if (error instanceof HttpError && (error.status === 400 || error.status === 422)) {
          // Refused as invalid: dropped, as the real agent drops it; a simulator bug, shown in the errors.
          this.pending.splice(0, batch.length);
          continue;
        }
        return;
      }
      this.pending.splice(0, batch.length);
      const at = Date.now();
      for (const report of batch) {
        recorder.reported(this.index, report.advertisementId, report.state as SimulatedRunState, report.exitCode, at);
      }
    }
  }

  /** One request within the fleet's request limit, with the session's renewal on a refused token. */
  private call<T>(operation: (credentials: Credentials) => Promise<T>): Promise<T> {
    return this.shared.requests.run(() => this.session.call(operation));
  }
}
