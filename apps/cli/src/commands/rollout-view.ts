import type { RolloutPhaseView, RolloutView } from '@sdp/contracts';
import { progressBar } from '../output/format';
import { renderFields, renderTable } from '../output/table';

function scope(phase: RolloutPhaseView): string {
  return phase.type === 'percentage' ? `${phase.percent}%` : phase.collectionId;
}

function threshold(phase: RolloutPhaseView): string {
  return 'count' in phase.failureThreshold ? `${phase.failureThreshold.count} clients` : `${phase.failureThreshold.percent}%`;
}

function gate(phase: RolloutPhaseView, last: boolean): string {
  if (last) return '-';
  return phase.gate.type === 'approval' ? 'approval' : `auto ${phase.gate.delayMinutes} min`;
}

/** The rollout's state and, per phase, its progress against its criterion and threshold. */
export function rolloutView(view: RolloutView): string {
  const fields: [string, string | number][] = [
    ['Advertisement', view.advertisementId],
    ['State', view.state],
    ['Open phases', `${view.openPhases} of ${view.phases.length}`],
  ];
  if (view.reason) fields.push(['Reason', view.reason]);
  if (view.nextPhaseAt) fields.push(['Next phase at', view.nextPhaseAt]);
  if (view.failuresCountedSince) fields.push(['Failures counted since', view.failuresCountedSince]);
  const rows = renderTable(
    [
      { header: 'PHASE', value: (phase: RolloutPhaseView) => phase.phase, align: 'right' },
      { header: 'SCOPE', value: scope },
      { header: 'OPEN', value: (phase) => (phase.open ? 'yes' : 'no') },
      { header: 'SUCCEEDED', value: (phase) => `${progressBar(phase.succeeded, phase.targeted, 10)} ${phase.succeeded}/${phase.targeted}` },
      { header: 'FAILED', value: (phase) => phase.failed, align: 'right' },
      { header: 'IN PROGRESS', value: (phase) => phase.inProgress, align: 'right' },
      { header: 'NOT REPORTED', value: (phase) => phase.notReported, align: 'right' },
      { header: 'CRITERION', value: (phase) => `${phase.successPercent}%${phase.criterionMet ? ' met' : ''}` },
      { header: 'PAUSE AT', value: threshold },
      { header: 'GATE', value: (phase) => gate(phase, phase.phase === view.phases.length) },
    ],
    view.phases,
  );
  return `${renderFields(fields)}\n\n${rows}`;
}
