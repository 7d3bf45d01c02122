import { useEffect, useState } from 'react';
import { ApiError } from '../api/api-error';
import { useSession } from '../api/session';
import { RolloutPhaseView, RolloutView } from '../api/types';
import { useLoad } from '../api/use-load';
import { ErrorMessage } from '../components/feedback';
import { formatDate } from '../components/format';

const POLL_MS = 3000;

export type RolloutControl = 'pause' | 'resume' | 'approve' | 'cancel';

const STATE_TONE: Record<RolloutView['state'], string> = {
  active: 'badge-ok',
  'waiting-for-approval': 'badge-warn',
  'waiting-for-content': 'badge-warn',
  paused: 'badge-bad',
  completed: 'badge-ok',
  cancelled: 'badge-bad',
};

/** Which controls fit the state: the service refuses the others (409). */
export function controlsFor(state: RolloutView['state']): RolloutControl[] {
  switch (state) {
    case 'active':
    case 'waiting-for-content':
      return ['pause', 'cancel'];
    case 'waiting-for-approval':
      return ['approve', 'pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

function share(count: number, total: number): number {
  return total <= 0 ? 0 : Math.min(100, (count * 100) / total);
}

/** Where the failure threshold sits on the phase's bar, as a share of its clients. */
export function thresholdShare(phase: RolloutPhaseView): number {
  return 'count' in phase.failureThreshold ? share(phase.failureThreshold.count, phase.targeted) : phase.failureThreshold.percent;
}

function gateText(phase: RolloutPhaseView, last: boolean): string {
  if (last) return 'last phase';
  return phase.gate.type === 'approval' ? 'next phase on approval' : `next phase ${phase.gate.delayMinutes} min after the criterion holds`;
}

function scopeText(phase: RolloutPhaseView): string {
  return phase.type === 'percentage' ? `${phase.percent} % ring` : `collection ${phase.collectionId}`;
}

/**
 * One phase's bar: succeeded (green) and failed (red) shares of its clients, with the success
 * criterion and the failure threshold drawn as marks on it.
 */
export function PhaseBar({ phase }: { phase: RolloutPhaseView }) {
  const succeeded = share(phase.succeeded, phase.targeted);
  const failed = share(phase.failed, phase.targeted);
  const threshold = thresholdShare(phase);
  return (
    <div
      className="phase-bar"
      role="progressbar"
      aria-label={`phase ${phase.phase}: ${phase.succeeded} of ${phase.targeted} succeeded, ${phase.failed} failed`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(succeeded)}
    >
      <div className="phase-bar-succeeded" style={{ width: `${succeeded}%` }} />
      <div className="phase-bar-failed" style={{ width: `${failed}%` }} />
      <div className="phase-bar-mark phase-bar-criterion" style={{ left: `${phase.successPercent}%` }} title={`success criterion ${phase.successPercent} %`} />
      <div className="phase-bar-mark phase-bar-threshold" style={{ left: `${threshold}%` }} title={`pauses at ${'count' in phase.failureThreshold ? `${phase.failureThreshold.count} failed` : `${phase.failureThreshold.percent} % failed`}`} />
    </div>
  );
}

/** The rollout as the service answers it, with the controls the role and the state allow. */
export function RolloutSummary({ view, canControl, onControl, busy }: { view: RolloutView; canControl: boolean; onControl: (control: RolloutControl) => void; busy: boolean }) {
  return (
    <>
      <p>
        <span className={`badge ${STATE_TONE[view.state]}`}>{view.state}</span> {view.openPhases} of {view.phases.length} phases open
        {view.nextPhaseAt ? ` · next phase at ${formatDate(view.nextPhaseAt)}` : ''}
      </p>
      {view.reason ? <p role="status">{view.state === 'paused' ? 'Paused: ' : 'Waiting: '}{view.reason}</p> : null}
      {canControl ? (
        <div className="actions">
          {controlsFor(view.state).map((control) => (
            <button key={control} type="button" className={control === 'cancel' ? 'danger' : undefined} disabled={busy} onClick={() => onControl(control)}>
              {control[0].toUpperCase() + control.slice(1)}
            </button>
          ))}
        </div>
      ) : null}
      <ol className="phases">
        {view.phases.map((phase) => (
          <li key={phase.phase} aria-label={`phase ${phase.phase}`}>
            <div>
              <strong>Phase {phase.phase}</strong> · {scopeText(phase)} · {phase.open ? `open since ${formatDate(phase.openedAt)}` : 'not open'}
            </div>
            <PhaseBar phase={phase} />
            <div className="muted">
              {phase.succeeded}/{phase.targeted} succeeded · {phase.failed} failed · {phase.inProgress} in progress · {phase.notReported} not reported · criterion{' '}
              {phase.successPercent} % {phase.criterionMet ? '(met)' : '(not met)'} · pauses at{' '}
              {'count' in phase.failureThreshold ? `${phase.failureThreshold.count} failed` : `${phase.failureThreshold.percent} % failed`} · {gateText(phase, phase.phase === view.phases.length)}
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

/** The advertisement's phased deployment, polled; nothing for an advertisement created without phases. */
export function RolloutPanel({ advertisementId }: { advertisementId: string }) {
  const { api, canWrite } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const path = `/advertisements/${encodeURIComponent(advertisementId)}/rollout`;
  const [withoutPhases, setWithoutPhases] = useState(false);
  // Polled while there is a rollout; an advertisement created without phases never gets one.
  const rollout = useLoad((signal) => api.get<RolloutView>('advertisement', path, undefined, signal), [api, path], withoutPhases ? undefined : POLL_MS);
  const notFound = rollout.error instanceof ApiError && rollout.error.code === 'ROLLOUT_NOT_FOUND';
  useEffect(() => setWithoutPhases(notFound), [notFound]);
  // Nothing while loading (most advertisements have no phases) and nothing for one without phases.
  if ((!rollout.data && !rollout.error) || notFound) return null;
  const control = (action: RolloutControl) => {
    setBusy(true);
    api
      .post<RolloutView>('advertisement', `${path}/${action}`)
      .then(() => {
        setError(undefined);
        rollout.reload();
      })
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <section className="panel" aria-labelledby="ad-rollout-title">
      <h2 id="ad-rollout-title">Rollout</h2>
      <ErrorMessage error={error} />
      {rollout.data ? <RolloutSummary view={rollout.data} canControl={canWrite} onControl={control} busy={busy} /> : rollout.error ? <ErrorMessage error={rollout.error} title="Could not load the rollout" /> : null}
    </section>
  );
}
