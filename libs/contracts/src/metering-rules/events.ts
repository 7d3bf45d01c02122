import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { meteringRuleDeletedExample, meteringRuleExample } from './examples';
import { meteringRuleDeletedSchema, meteringRuleSchema } from './metering-rule.schema';

export const MeteringRuleEventTypes = {
  meteringRuleCreated: 'sdp.metering.rule.created.v1',
  meteringRuleUpdated: 'sdp.metering.rule.updated.v1',
  meteringRuleDeleted: 'sdp.metering.rule.deleted.v1',
} as const;

const topic = TOPICS.meteringRules;
const aggregate = 'metering rule';

export const meteringRulesEventTypes = [
  defineEventType({
    type: MeteringRuleEventTypes.meteringRuleCreated,
    topic,
    aggregate,
    description: 'A metering rule was created. Carries the full rule.',
    dataSchema: meteringRuleSchema,
    subjectOf: (data) => data.id,
    example: meteringRuleExample,
  }),
  defineEventType({
    type: MeteringRuleEventTypes.meteringRuleUpdated,
    topic,
    aggregate,
    description: 'A metering rule changed, was enabled or disabled. Carries the full rule after the change.',
    dataSchema: meteringRuleSchema,
    subjectOf: (data) => data.id,
    example: meteringRuleExample,
  }),
  defineEventType({
    type: MeteringRuleEventTypes.meteringRuleDeleted,
    topic,
    aggregate,
    description: 'A metering rule was deleted, with the usage recorded for it; clients no longer get it.',
    dataSchema: meteringRuleDeletedSchema,
    subjectOf: (data) => data.id,
    example: meteringRuleDeletedExample,
  }),
] as const;
