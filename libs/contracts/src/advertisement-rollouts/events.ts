import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import {
  rolloutCancelledExample,
  rolloutCompletedExample,
  rolloutPausedExample,
  rolloutPhaseOpenedExample,
  rolloutResumedExample,
  rolloutWaitingForApprovalExample,
  rolloutWaitingForContentExample,
} from './examples';
import { rolloutTransitionSchema } from './rollout.schema';

export const RolloutEventTypes = {
  rolloutPhaseOpened: 'sdp.advertisement.rollout.phase-opened.v1',
  rolloutPaused: 'sdp.advertisement.rollout.paused.v1',
  rolloutResumed: 'sdp.advertisement.rollout.resumed.v1',
  rolloutWaitingForApproval: 'sdp.advertisement.rollout.waiting-for-approval.v1',
  rolloutWaitingForContent: 'sdp.advertisement.rollout.waiting-for-content.v1',
  rolloutCompleted: 'sdp.advertisement.rollout.completed.v1',
  rolloutCancelled: 'sdp.advertisement.rollout.cancelled.v1',
} as const;

// On the advertisement's own topic and key, so they stay in order with its created/updated/deleted events.
const topic = TOPICS.advertisementAdvertisements;
const aggregate = 'rollout';
const common = { topic, aggregate, dataSchema: rolloutTransitionSchema, subjectOf: (data: { advertisementId: string }) => data.advertisementId };

export const advertisementRolloutsEventTypes = [
  defineEventType({
    type: RolloutEventTypes.rolloutPhaseOpened,
    ...common,
    description: 'A phase of a phased deployment opened: its clients get the advertisement in their policy (the first phase opens when the advertisement is created, once its content is ready).',
    example: rolloutPhaseOpenedExample,
  }),
  defineEventType({
    type: RolloutEventTypes.rolloutPaused,
    ...common,
    description: 'A rollout paused, by an administrator or because a phase crossed its failure threshold (reason says which); no further phase opens, open phases stay offered.',
    example: rolloutPausedExample,
  }),
  defineEventType({
    type: RolloutEventTypes.rolloutResumed,
    ...common,
    description: 'An administrator resumed a paused rollout; failures reported before the resume no longer count against the thresholds.',
    example: rolloutResumedExample,
  }),
  defineEventType({
    type: RolloutEventTypes.rolloutWaitingForApproval,
    ...common,
    description: 'A phase met its success criterion and its gate wants an administrator’s approval to open the next phase (phase names the one waiting to open).',
    example: rolloutWaitingForApprovalExample,
  }),
  defineEventType({
    type: RolloutEventTypes.rolloutWaitingForContent,
    ...common,
    description: 'The next phase may open but its package content is not yet on the distribution points its clients use; it opens when it is (reason says for how many clients).',
    example: rolloutWaitingForContentExample,
  }),
  defineEventType({
    type: RolloutEventTypes.rolloutCompleted,
    ...common,
    description: 'The last phase met its success criterion: the rollout is complete.',
    example: rolloutCompletedExample,
  }),
  defineEventType({
    type: RolloutEventTypes.rolloutCancelled,
    ...common,
    description: 'An administrator cancelled the rollout: the advertisement is withdrawn from every client’s policy.',
    example: rolloutCancelledExample,
  }),
] as const;
