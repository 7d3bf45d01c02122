import type { RolloutPhaseInput } from '@sdp/contracts';
import type { OptionSpec, OptionValues } from '../core/command';
import { UsageError } from '../core/errors';
import { integer, text } from '../core/values';

/** The options of `sdp advertise` that make it a phased deployment (fixed at creation: `sdp advertisement update` has none). */
export const PHASE_OPTIONS: Record<string, OptionSpec> = {
  rings: { type: 'string', value: 'P,P,...', help: 'phased deployment in rings of the collection by percentage, growing, the last 100 (e.g. 1,10,50,100)' },
  'phase-collections': { type: 'string', value: 'ID,ID,...', help: 'phased deployment by collections, in order (clients in none come last)' },
  success: { type: 'string', value: 'PERCENT', help: 'share of a phase that must succeed before the next opens (default 95)' },
  failure: { type: 'string', value: 'PERCENT', help: 'share of a phase whose failure pauses the rollout (default 5)' },
  'failure-count': { type: 'string', value: 'N', help: 'pause the rollout when N clients of a phase failed (instead of --failure)' },
  gate: { type: 'string', value: 'auto[:MINUTES]|approval', help: 'what opens the next phase once a phase succeeded (default auto:0)' },
};

function percent(raw: string, name: string, min: number): number {
  const value = Number(raw.trim().replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > 100) {
    throw new UsageError(`--${name} takes percentages ${min === 0 ? 'from 0' : 'above 0'} to 100, not ${JSON.stringify(raw)}`);
  }
  return value;
}

/** auto | auto:MINUTES | approval. */
export function parseGate(raw: string): RolloutPhaseInput['gate'] {
  const [kind, minutes, ...rest] = raw.trim().toLowerCase().split(':');
  if (kind === 'approval' && minutes === undefined) return { type: 'approval' };
  if (kind === 'auto' && rest.length === 0 && (minutes === undefined || /^\d+$/.test(minutes))) {
    return { type: 'automatic', delayMinutes: minutes === undefined ? 0 : Number(minutes) };
  }
  throw new UsageError(`--gate must be auto, auto:MINUTES or approval, not ${JSON.stringify(raw)}`);
}

/** The phases of `sdp advertise`, or undefined without --rings or --phase-collections; the service checks the rest (422 naming the field). */
export function phasesFromOptions(values: OptionValues): RolloutPhaseInput[] | undefined {
  const rings = text(values, 'rings');
  const collections = text(values, 'phase-collections');
  const ruleOptions = ['success', 'failure', 'failure-count', 'gate'].filter((name) => values[name] !== undefined);
  if (rings === undefined && collections === undefined) {
    if (ruleOptions.length > 0) throw new UsageError(`--${ruleOptions[0]} needs --rings or --phase-collections`);
    return undefined;
  }
  if (rings !== undefined && collections !== undefined) throw new UsageError('--rings and --phase-collections contradict each other: phases are all of one kind');
  if (values.failure !== undefined && values['failure-count'] !== undefined) throw new UsageError('--failure and --failure-count contradict each other');
  const successRaw = text(values, 'success');
  const failureRaw = text(values, 'failure');
  const failureCount = integer(values, 'failure-count', 1);
  const gateRaw = text(values, 'gate');
  const rules = {
    ...(successRaw !== undefined && { successPercent: percent(successRaw, 'success', 0) }),
    ...(failureRaw !== undefined && { failureThreshold: { percent: percent(failureRaw, 'failure', 0) } }),
    ...(failureCount !== undefined && { failureThreshold: { count: failureCount } }),
    ...(gateRaw !== undefined && { gate: parseGate(gateRaw) }),
  };
  const items = (rings ?? collections ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) throw new UsageError(`--${rings !== undefined ? 'rings' : 'phase-collections'} needs at least one phase`);
  return rings !== undefined
    ? items.map((item) => ({ type: 'percentage' as const, percent: percent(item, 'rings', 0.01), ...rules }))
    : items.map((item) => ({ type: 'collection' as const, collectionId: item.toUpperCase(), ...rules }));
}
