import { RolloutPhaseData, rolloutPhaseSchema } from '@sdp/contracts';
import { createHash } from 'node:crypto';
import type { RuleProblem } from '../advertisements/advertisement-rules';

export const MAX_ROLLOUT_PHASES = 20;

/** Ring positions: a client's position is in [0, RING_POSITIONS); a ring of p % holds positions below p × 100. */
export const RING_POSITIONS = 10_000;

/**
 * Parses an advertisement's phases: 1 to 20, all of one type; percentages strictly increasing
 * with the last at 100 (so every client of the target is in a ring); collections distinct.
 * Whether the collections are known is checked apart (it needs the database).
 */
export function parseRolloutPhases(raw: readonly unknown[]): { phases: RolloutPhaseData[] } | { problem: RuleProblem } {
  if (raw.length === 0 || raw.length > MAX_ROLLOUT_PHASES) {
    return { problem: { field: 'phases', why: `between 1 and ${MAX_ROLLOUT_PHASES} phases, got ${raw.length}` } };
  }
  const phases: RolloutPhaseData[] = [];
  for (const [index, entry] of raw.entries()) {
    const parsed = rolloutPhaseSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
      return { problem: { field: `phases[${index}]${path}`, why: issue.message } };
    }
    phases.push(parsed.data);
  }
  const [first] = phases;
  const other = phases.findIndex((phase) => phase.type !== first.type);
  if (other !== -1) {
    return { problem: { field: `phases[${other}].type`, why: `all phases must be of one type: phase 1 is ${first.type}, this one ${phases[other].type}` } };
  }
  for (const [index, phase] of phases.entries()) {
    const before = phases[index - 1];
    if (phase.type === 'percentage' && before?.type === 'percentage' && phase.percent <= before.percent) {
      return { problem: { field: `phases[${index}].percent`, why: `rings must grow: ${phase.percent} is not above the previous phase's ${before.percent}` } };
    }
    if (phase.type === 'collection' && phases.slice(0, index).some((earlier) => earlier.type === 'collection' && earlier.collectionId === phase.collectionId)) {
      return { problem: { field: `phases[${index}].collectionId`, why: `collection ${phase.collectionId} is already an earlier phase` } };
    }
  }
  const last = phases[phases.length - 1];
  if (last.type === 'percentage' && last.percent !== 100) {
    return { problem: { field: `phases[${phases.length - 1}].percent`, why: `the last ring must be 100 so every client of the collection gets it, got ${last.percent}` } };
  }
  return { phases };
}

/**
 * A client's stable position for one advertisement, in [0, RING_POSITIONS): the first 4 bytes of
 * SHA-256(advertisementId + ':' + clientId). The same for every replica and every computation, so
 * a client stays in its ring; independent between advertisements, so the same clients are not
 * always the canaries.
 */
export function ringPosition(advertisementId: string, clientId: string): number {
  const digest = createHash('sha256').update(`${advertisementId}:${clientId.toLowerCase()}`).digest();
  return digest.readUInt32BE(0) % RING_POSITIONS;
}

/**
 * The phase (1-based) a client of the target collection is in: the first ring holding its
 * position, or the first collection phase whose collection (or a subcollection of it) it is a
 * member of; a client in none of the collection phases is in the last phase.
 */
export function phaseOfClient(
  phases: readonly RolloutPhaseData[],
  advertisementId: string,
  clientId: string,
  memberOf: (collectionId: string) => boolean,
): number {
  const position = phases[0]?.type === 'percentage' ? ringPosition(advertisementId, clientId) : 0;
  for (const [index, phase] of phases.entries()) {
    const inPhase = phase.type === 'percentage' ? position < Math.round(phase.percent * (RING_POSITIONS / 100)) : memberOf(phase.collectionId);
    if (inPhase) {
      return index + 1;
    }
  }
  return phases.length;
}
