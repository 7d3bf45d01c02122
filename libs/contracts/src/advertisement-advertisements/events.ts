import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { advertisementDeletedSchema, advertisementRetryRequestedSchema, advertisementSchema } from './advertisement.schema';
import { advertisementDeletedExample, advertisementExample, advertisementRetryRequestedExample } from './examples';

export const AdvertisementEventTypes = {
  advertisementCreated: 'sdp.advertisement.advertisement.created.v1',
  advertisementUpdated: 'sdp.advertisement.advertisement.updated.v1',
  advertisementDeleted: 'sdp.advertisement.advertisement.deleted.v1',
  advertisementRetryRequested: 'sdp.advertisement.advertisement.retry-requested.v1',
} as const;

const topic = TOPICS.advertisementAdvertisements;
const aggregate = 'advertisement';

export const advertisementAdvertisementsEventTypes = [
  defineEventType({
    type: AdvertisementEventTypes.advertisementCreated,
    topic,
    aggregate,
    description: 'An advertisement was created. Carries the full advertisement.',
    dataSchema: advertisementSchema,
    subjectOf: (data) => data.id,
    example: advertisementExample,
  }),
  defineEventType({
    type: AdvertisementEventTypes.advertisementUpdated,
    topic,
    aggregate,
    description: 'An advertisement changed. Carries the full advertisement after the change.',
    dataSchema: advertisementSchema,
    subjectOf: (data) => data.id,
    example: advertisementExample,
  }),
  defineEventType({
    type: AdvertisementEventTypes.advertisementDeleted,
    topic,
    aggregate,
    description: 'An advertisement was deleted; clients no longer get it in their policy.',
    dataSchema: advertisementDeletedSchema,
    subjectOf: (data) => data.id,
    example: advertisementDeletedExample,
  }),
  defineEventType({
    type: AdvertisementEventTypes.advertisementRetryRequested,
    topic,
    aggregate,
    description:
      'An administrator asked failed clients to run the advertisement again ("retry failed"): their policies now carry a higher retryGeneration, so their agents run it although their history says it failed.',
    dataSchema: advertisementRetryRequestedSchema,
    subjectOf: (data) => data.advertisementId,
    example: advertisementRetryRequestedExample,
  }),
] as const;
