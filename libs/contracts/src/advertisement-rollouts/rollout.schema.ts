import { z } from 'zod';
import { advertisementIdSchema, collectionIdSchema, countSchema, timestampSchema } from '../common/fields';

const percentSchema = z.number().min(0).max(100);

/** Share of a phase's clients that must have succeeded before its gate may open the next phase. */
export const DEFAULT_SUCCESS_PERCENT = 95;
/** Share of a phase's clients whose failure pauses the rollout by itself. */
export const DEFAULT_FAILURE_PERCENT = 5;

/** When a phase's failures pause the rollout: a share of its clients, or an absolute count. */
export const failureThresholdSchema = z.union([
  z.strictObject({ percent: percentSchema.describe('Pause when this share (0–100) of the phase’s clients failed') }),
  z.strictObject({ count: z.int().min(1).max(1_000_000).describe('Pause when this many of the phase’s clients failed') }),
]);

/** What opens the next phase once a phase's success criterion holds. */
export const phaseGateSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('automatic'),
    delayMinutes: z.int().min(0).max(43_200).describe('Minutes the criterion must have held before the next phase opens'),
  }),
  z.strictObject({ type: z.literal('approval') }),
]);

const phaseRules = {
  successPercent: percentSchema.default(DEFAULT_SUCCESS_PERCENT).describe('Share (0–100) of the phase’s clients that must have succeeded'),
  failureThreshold: failureThresholdSchema.default({ percent: DEFAULT_FAILURE_PERCENT }),
  gate: phaseGateSchema.default({ type: 'automatic', delayMinutes: 0 }).describe('Ignored on the last phase: there is no next one'),
};

/**
 * One phase of a phased deployment: the members of a collection (a client is in the first
 * collection phase that contains it, directly or through a subcollection; a client of the target
 * in none of them joins the last phase), or a ring of the target collection by percentage (a
 * stable function of client and advertisement; rings grow, the last is 100).
 */
export const rolloutPhaseSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('collection'), collectionId: collectionIdSchema, ...phaseRules }),
  z.strictObject({
    type: z.literal('percentage'),
    percent: z.number().gt(0).max(100).describe('Share of the target collection in this ring and the ones before it (0 < percent ≤ 100)'),
    ...phaseRules,
  }),
]);

export type RolloutPhaseData = z.output<typeof rolloutPhaseSchema>;
export type RolloutPhaseInput = z.input<typeof rolloutPhaseSchema>;

/**
 * active: the open phases are offered and the gate is watched; waiting-for-approval: the current
 * phase met its criterion and its gate wants an administrator's approval; waiting-for-content:
 * the next phase may open but its content is not yet on the DPs its clients use; paused: by an
 * administrator or a crossed failure threshold (no further phase opens; open ones stay offered);
 * completed: the last phase met its criterion; cancelled: withdrawn from every client.
 */
export const ROLLOUT_STATES = ['active', 'waiting-for-approval', 'waiting-for-content', 'paused', 'completed', 'cancelled'] as const;
export const rolloutStateSchema = z
  .enum(ROLLOUT_STATES)
  .describe('active, waiting-for-approval, waiting-for-content (the next phase’s content is not on its clients’ DPs yet), paused, completed or cancelled');
export type RolloutState = z.infer<typeof rolloutStateSchema>;

/** Every rollout event: the rollout's state after the transition, and the phase it concerns. */
export const rolloutTransitionSchema = z.strictObject({
  advertisementId: advertisementIdSchema,
  state: rolloutStateSchema,
  phase: z.int().min(1).describe('The phase (1-based) the transition concerns: opened, paused in, waiting to open, last'),
  openPhases: countSchema.describe('How many phases are open after the transition'),
  phases: z.int().min(1).describe('How many phases the rollout has'),
  reason: z.string().max(1024).nullable().describe('Why it paused or waits (null for the other transitions)'),
  at: timestampSchema,
});

export type RolloutTransitionData = z.infer<typeof rolloutTransitionSchema>;
