import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { collectionDeletedSchema, collectionSchema } from './collection.schema';
import { collectionDeletedExample, collectionExample } from './examples';

export const CollectionEventTypes = {
  collectionCreated: 'sdp.targeting.collection.created.v1',
  collectionUpdated: 'sdp.targeting.collection.updated.v1',
  collectionDeleted: 'sdp.targeting.collection.deleted.v1',
} as const;

const topic = TOPICS.targetingCollections;
const aggregate = 'collection';

export const targetingCollectionsEventTypes = [
  defineEventType({
    type: CollectionEventTypes.collectionCreated,
    topic,
    aggregate,
    description: 'A collection was created; built-in collections are announced with this type too. Carries the full collection.',
    dataSchema: collectionSchema,
    subjectOf: (data) => data.id,
    example: collectionExample,
  }),
  defineEventType({
    type: CollectionEventTypes.collectionUpdated,
    topic,
    aggregate,
    description:
      'A collection changed: its fields, rules or maintenance windows. Carries the full collection after the change.',
    dataSchema: collectionSchema,
    subjectOf: (data) => data.id,
    example: collectionExample,
  }),
  defineEventType({
    type: CollectionEventTypes.collectionDeleted,
    topic,
    aggregate,
    description: 'A collection was deleted.',
    dataSchema: collectionDeletedSchema,
    subjectOf: (data) => data.id,
    example: collectionDeletedExample,
  }),
] as const;
