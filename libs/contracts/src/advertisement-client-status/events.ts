import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { clientStatusReportedSchema } from './client-status.schema';
import { clientStatusReportedExample } from './examples';

export const ClientStatusEventTypes = {
  clientStatusReported: 'sdp.advertisement.client-status.reported.v1',
} as const;

export const advertisementClientStatusEventTypes = [
  defineEventType({
    type: ClientStatusEventTypes.clientStatusReported,
    topic: TOPICS.advertisementClientStatus,
    aggregate: 'client',
    description:
      'A client reported a state for an advertisement. Keyed by client ID, so reports of one client stay in order; seq makes replays and reorderings harmless.',
    dataSchema: clientStatusReportedSchema,
    subjectOf: (data) => data.clientId,
    example: clientStatusReportedExample,
  }),
] as const;
