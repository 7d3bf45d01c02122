import { CLIENT_STATUS_MESSAGE_IDS } from '@sdp/contracts';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientSession } from '../api/client-session';
import type { ServiceClient } from '../api/service-client';
import { cacheKey, ContentCache } from '../content/content-cache';
import { CacheTooSmallError, ContentUnavailableError } from '../content/content-errors';
import { freeBytesOn } from '../content/free-disk-space';
import { PackageDownloader } from '../content/package-downloader';
import { resolveWorkingDirectory } from '../content/path-safety';
import { ChainStep, planChain, stepLabel } from '../decisions/chain-plan';
import { runChain, StepResult } from '../decisions/chain-runner';
import { checkDiskSpace, describeShortage } from '../decisions/disk-space';
import { mapExitCode } from '../decisions/exit-code';
import { isSuccess } from '../decisions/rerun';
import { decideRetry, retrySettingsOf } from '../decisions/retry-backoff';
import type { PolicyAdvertisement } from '@sdp/contracts';
import { runCommand } from '../run/command-runner';
import type { SelfUpdater } from '../self-update/self-updater';
import { parseUpdateCommand } from '../self-update/update-command';
import type { ExecutionHistory } from '../state/execution-history';
import type { EventLog } from './event-log';
import { reportedPackageVersion, type StatusReporter } from './status-reporter';

export interface RunnerDependencies {
  services: ServiceClient;
  session: ClientSession;
  history: ExecutionHistory;
  reporter: StatusReporter;
  cache: ContentCache;
  downloader: PackageDownloader;
  selfUpdate: SelfUpdater;
  workDir: string;
  log: EventLog;
  /** How much of the end of each output stream a report carries (SDP_AGENT_OUTPUT_TAIL_BYTES). */
  outputTailBytes?: number;
}

/**
 * `downloadFailed`: why no DP delivered the content, an attempt that failed and is retried with
 * back-off; without it the outcome was already reported (no disk space yet, cache too small).
 */
type ContentResult = { ok: true; folders: Map<ChainStep, string> } | { ok: false; downloadFailed?: string };

/** Runs one advertisement for one occurrence: content for the whole chain first, then each program. */
export class AdvertisementRunner {
  constructor(private readonly deps: RunnerDependencies) {}

  /** `user`: a runOncePer: user program runs for this logged-on user (SDP_USER), `occurrence` being theirs. */
  async run(advertisement: PolicyAdvertisement, occurrence: string, user?: string): Promise<StepResult> {
    const { history, log } = this.deps;
    const advertisementId = advertisement.advertisementId;
    const steps = planChain(advertisement, (packageId, program) => history.everSucceeded(packageId, program));
    log.event('run-start', { advertisementId, occurrence, ...(user === undefined ? {} : { user }), steps: steps.map(stepLabel) });
    const content = await this.obtainContent(advertisement, steps, occurrence, user);
    if (!content.ok) {
      if (content.downloadFailed === undefined) {
        return { outcome: 'RETRYING', exitCode: null, detail: 'content not obtained' };
      }
      return this.finish(advertisement, occurrence, user, {
        outcome: 'RETRYING',
        exitCode: null,
        detail: content.downloadFailed,
        messageId: CLIENT_STATUS_MESSAGE_IDS.contentUnavailable,
      });
    }
    const chain = await runChain(steps, (step) => this.runStep(advertisement, step, content.folders.get(step), occurrence, user));
    const result: StepResult = chain.stoppedAt
      ? {
          ...chain.result,
          outcome: chain.result.outcome === 'RETRYING' ? 'RETRYING' : 'FAILED',
          detail: `dependency ${stepLabel(chain.stoppedAt)} did not succeed, chain stopped${chain.result.detail ? `: ${chain.result.detail}` : ''}`,
        }
      : chain.result;
    return this.finish(advertisement, occurrence, user, result);
  }

  /**
   * Reports and records how the attempt ended. One that failed in a way worth retrying (RETRYING)
   * is tried again after the advertisement's back-off, reported RETRYING with the attempt and the
   * next attempt's time; the last attempt allowed ends FAILED, once, like any other failure.
   * Both carry the program's output when a program ran, and the package version of the run.
   */
  private async finish(advertisement: PolicyAdvertisement, occurrence: string, user: string | undefined, attempt: StepResult): Promise<StepResult> {
    const { history, reporter, log } = this.deps;
    const advertisementId = advertisement.advertisementId;
    const packageVersion = reportedPackageVersion(advertisement.contentVersion);
    const output = attempt.output ?? null;
    let result = attempt;
    if (attempt.outcome === 'RETRYING') {
      const retry = decideRetry(retrySettingsOf(advertisement), history.failedAttempts(advertisementId, occurrence), new Date());
      const which = `attempt ${retry.attempt} of ${retry.maxAttempts} failed${attempt.detail ? `: ${attempt.detail}` : ''}`;
      if (retry.kind === 'retry') {
        const nextAttemptAt = retry.nextAttemptAt.toISOString();
        await reporter.report({
          advertisementId,
          state: 'RETRYING',
          messageId: CLIENT_STATUS_MESSAGE_IDS.retrying,
          exitCode: attempt.exitCode,
          detail: forUser(`${which}; next attempt at ${nextAttemptAt}`, user),
          output,
          packageVersion,
        });
        await history.update(advertisementId, {
          lastOutcome: 'RETRYING',
          pendingRetry: { occurrence, failedAttempts: retry.attempt, nextAttemptAt },
          retryOnNextPoll: false,
          lastWaiting: null,
        });
        log.event('run-end', { advertisementId, occurrence, outcome: 'RETRYING', exitCode: attempt.exitCode, nextAttemptAt });
        return attempt;
      }
      result = { ...attempt, outcome: 'FAILED', detail: retry.maxAttempts > 1 ? `${which}; no attempt left` : attempt.detail };
    }
    const messageId = isSuccess(result.outcome) ? CLIENT_STATUS_MESSAGE_IDS.succeeded : (result.messageId ?? CLIENT_STATUS_MESSAGE_IDS.failed);
    await reporter.report({ advertisementId, state: result.outcome, messageId, exitCode: result.exitCode, detail: forUser(result.detail, user), output, packageVersion });
    await history.markHandled(advertisementId, occurrence, result.outcome, user);
    log.event('run-end', { advertisementId, occurrence, outcome: result.outcome, exitCode: result.exitCode });
    return result;
  }

  private async obtainContent(advertisement: PolicyAdvertisement, steps: readonly ChainStep[], occurrence: string, user: string | undefined): Promise<ContentResult> {
    const { services, session, reporter, downloader, history } = this.deps;
    const advertisementId = advertisement.advertisementId;
    const packageVersion = reportedPackageVersion(advertisement.contentVersion);
    const folders = new Map<ChainStep, string>();
    const withContent = steps.filter((step) => step.package.hasSource);
    const shortage = await this.diskShortage(steps);
    if (shortage !== null) {
      // Like content no DP delivered: space may be freed, so the chain is tried again on a later cycle.
      await reporter.report({ advertisementId, state: 'WAITING', messageId: CLIENT_STATUS_MESSAGE_IDS.waiting, detail: `${shortage}; trying again on the next cycle`, packageVersion });
      await history.update(advertisementId, { retryOnNextPoll: true, lastWaiting: null });
      return { ok: false };
    }
    if (withContent.length === 0) {
      return { ok: true, folders };
    }
    await reporter.report({
      advertisementId,
      state: 'DOWNLOAD_IN_PROGRESS',
      messageId: CLIENT_STATUS_MESSAGE_IDS.downloading,
      detail: withContent.map(stepLabel).join(', '),
      packageVersion,
    });
    const inUse = new Set(withContent.map((step) => cacheKey(step.package.id, step.contentVersion)));
    for (const step of withContent) {
      try {
        // The advertisement service grants what this client's policy runs; the DPs' locations need the grant.
        const locations = await session.call(async (credentials) => {
          const { grant } = await services.contentGrant(credentials, step.package.id, step.contentVersion);
          return services.contentLocations(credentials, step.package.id, step.contentVersion, advertisement.allowFallbackToUnprotected, grant);
        });
        const folder = await downloader.obtain(
          {
            packageId: step.package.id,
            version: step.contentVersion,
            sizeBytes: step.package.sizeBytes,
            persistInCache: step.package.persistInCache,
            manifestDigest: step.package.sourceVersion === step.contentVersion ? step.package.manifestDigest : null,
            inUse,
          },
          locations,
          {
            mismatch: (distributionPoint, error) =>
              reporter.report({
                advertisementId,
                state: 'RETRYING',
                messageId: CLIENT_STATUS_MESSAGE_IDS.contentHashMismatch,
                detail: `content from distribution point ${distributionPoint} failed verification and was not used: ${error.message}`,
                packageVersion,
              }),
            locationFailed: (distributionPoint, error) => this.deps.log.error(`distribution point ${distributionPoint}: ${error.message}`),
            downloading: (distributionPoint, objectCount) =>
              this.deps.log.event('download', { advertisementId, packageId: step.package.id, version: step.contentVersion, distributionPoint, objectCount }),
          },
        );
        folders.set(step, folder);
      } catch (error) {
        if (error instanceof CacheTooSmallError) {
          await reporter.report({ advertisementId, state: 'FAILED', messageId: CLIENT_STATUS_MESSAGE_IDS.cacheTooSmall, detail: error.message, packageVersion });
          await history.markHandled(advertisementId, occurrence, 'FAILED', user);
          return { ok: false };
        }
        return { ok: false, downloadFailed: error instanceof ContentUnavailableError ? error.message : `content of ${stepLabel(step)}: ${(error as Error).message}` };
      }
    }
    await reporter.report({ advertisementId, state: 'DOWNLOAD_COMPLETE', messageId: CLIENT_STATUS_MESSAGE_IDS.downloaded, packageVersion });
    return { ok: true, folders };
  }

  /**
   * Why the disk holding the cache has no room for the chain now (content still to download plus
   * the largest program estimate), or null when it has, or when its free space cannot be measured.
   */
  private async diskShortage(steps: readonly ChainStep[]): Promise<string | null> {
    const { cache, log } = this.deps;
    let freeBytes: number;
    try {
      freeBytes = await freeBytesOn(cache.root);
    } catch (error) {
      log.error(`free space on ${cache.root} unknown (${(error as Error).message}): disk space not checked`);
      return null;
    }
    const contents = new Map<string, { sizeBytes: number; cached: boolean }>();
    for (const step of steps.filter((candidate) => candidate.package.hasSource)) {
      const key = cacheKey(step.package.id, step.contentVersion);
      if (!contents.has(key)) {
        contents.set(key, { sizeBytes: step.package.sizeBytes, cached: await cache.holds(step.package.id, step.contentVersion) });
      }
    }
    const check = checkDiskSpace({
      contents: [...contents.values()],
      programEstimatesMb: steps.map((step) => step.program.estimatedDiskSpaceMb),
      freeBytes,
      reclaimableBytes: cache.reclaimableBytes(new Set(contents.keys())),
    });
    return check.fits ? null : describeShortage(check, cache.root);
  }

  private async runStep(advertisement: PolicyAdvertisement, step: ChainStep, folder: string | undefined, occurrence: string, user: string | undefined): Promise<StepResult> {
    const { history, reporter, log } = this.deps;
    const advertisementId = advertisement.advertisementId;
    const root = folder ?? join(this.deps.workDir, step.package.id);
    let cwd: string;
    try {
      cwd = resolveWorkingDirectory(root, step.program.workingDirectory);
      await mkdir(cwd, { recursive: true });
    } catch (error) {
      return { outcome: 'FAILED', exitCode: null, detail: `working directory of ${stepLabel(step)}: ${(error as Error).message}` };
    }
    const record = await history.recordStart({
      advertisementId,
      packageId: step.package.id,
      program: step.program.name,
      contentVersion: step.contentVersion,
      role: step.role,
      occurrence,
      ...(user === undefined ? {} : { user }),
      startedAt: new Date().toISOString(),
    });
    await reporter.report({
      advertisementId,
      state: 'RUNNING',
      messageId: CLIENT_STATUS_MESSAGE_IDS.started,
      detail: forUser(step.role === 'dependency' ? `dependency ${stepLabel(step)}` : stepLabel(step), user),
      packageVersion: reportedPackageVersion(advertisement.contentVersion),
    });
    log.event('program-start', { advertisementId, program: stepLabel(step), role: step.role, cwd });
    const update = parseUpdateCommand(step.program.commandLine);
    if (update !== null) {
      // The agent's own update: staged in place of this executable, then the agent restarts (throws) and the next one settles the run.
      const staged = await this.deps.selfUpdate.stage({ packageFolder: root, executable: update.executable, advertisementId, occurrence, user, runId: record.id });
      await history.recordFinish(record.id, staged, new Date());
      return staged;
    }
    const run = await runCommand({
      commandLine: step.program.commandLine,
      cwd,
      env: {
        ...process.env,
        SDP_ADVERTISEMENT_ID: advertisementId,
        SDP_PACKAGE_ID: step.package.id,
        SDP_PROGRAM: step.program.name,
        SDP_CONTENT_VERSION: String(step.contentVersion),
        SDP_PACKAGE_DIR: root,
        ...(user === undefined ? {} : { SDP_USER: user }),
      },
      maxRunTimeMs: step.program.maxRunTimeMinutes * 60_000,
      outputTailBytes: this.deps.outputTailBytes,
      onStarted: (pid) => history.recordPid(record.id, pid),
    });
    const result: StepResult = { ...toStepResult(step, run), output: run.output };
    await history.recordFinish(record.id, { outcome: result.outcome, exitCode: result.exitCode, detail: result.detail }, new Date());
    log.event('program-end', { advertisementId, program: stepLabel(step), outcome: result.outcome, exitCode: result.exitCode, detail: result.detail, output: run.output });
    return result;
  }
}

/** A report detail naming the user a runOncePer: user program ran for, e.g. "S0100001:Install for user alice". */
function forUser(detail: string | null, user: string | undefined): string | null {
  return user === undefined ? detail : `${detail ?? ''} for user ${user}`.trim();
}

function toStepResult(step: ChainStep, run: Awaited<ReturnType<typeof runCommand>>): StepResult {
  if (run.startError !== null) {
    return { outcome: 'FAILED', exitCode: null, detail: `${stepLabel(step)} could not start: ${run.startError}` };
  }
  if (run.timedOut) {
    return {
      outcome: 'FAILED',
      exitCode: run.exitCode,
      detail: `${stepLabel(step)} ran past its maximum of ${step.program.maxRunTimeMinutes} min and was killed`,
      messageId: CLIENT_STATUS_MESSAGE_IDS.runTimeExceeded,
    };
  }
  if (run.exitCode === null) {
    return { outcome: 'FAILED', exitCode: null, detail: `${stepLabel(step)} ended by signal ${run.signal}` };
  }
  const mapped = mapExitCode(step.program, run.exitCode);
  return { outcome: mapped.outcome, exitCode: run.exitCode, detail: `${stepLabel(step)} exited with ${run.exitCode}` };
}
