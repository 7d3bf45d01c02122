import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { distributionPointDeletedSchema, distributionPointSchema } from './distribution-point.schema';
import { distributionPointGroupDeletedSchema, distributionPointGroupSchema } from './distribution-point-group.schema';
import {
  distributionPointDeletedExample,
  distributionPointExample,
  distributionPointGroupDeletedExample,
  distributionPointGroupExample,
} from './examples';

export const DistributionPointEventTypes = {
  distributionPointRegistered: 'sdp.replication.distribution-point.registered.v1',
  distributionPointUpdated: 'sdp.replication.distribution-point.updated.v1',
  distributionPointDeleted: 'sdp.replication.distribution-point.deleted.v1',
  distributionPointGroupCreated: 'sdp.replication.distribution-point-group.created.v1',
  distributionPointGroupUpdated: 'sdp.replication.distribution-point-group.updated.v1',
  distributionPointGroupDeleted: 'sdp.replication.distribution-point-group.deleted.v1',
} as const;

const topic = TOPICS.replicationDistributionPoints;

export const replicationDistributionPointsEventTypes = [
  defineEventType({
    type: DistributionPointEventTypes.distributionPointRegistered,
    topic,
    aggregate: 'distribution-point',
    description: 'A distribution point was registered. Carries the full distribution point, without credentials.',
    dataSchema: distributionPointSchema,
    subjectOf: (data) => data.name,
    example: distributionPointExample,
  }),
  defineEventType({
    type: DistributionPointEventTypes.distributionPointUpdated,
    topic,
    aggregate: 'distribution-point',
    description:
      'A distribution point changed. Carries the full distribution point after the change, without credentials; a change of credentials alone publishes nothing.',
    dataSchema: distributionPointSchema,
    subjectOf: (data) => data.name,
    example: distributionPointExample,
  }),
  defineEventType({
    type: DistributionPointEventTypes.distributionPointDeleted,
    topic,
    aggregate: 'distribution-point',
    description: 'A distribution point was deleted; clients are no longer sent to it.',
    dataSchema: distributionPointDeletedSchema,
    subjectOf: (data) => data.name,
    example: distributionPointDeletedExample,
  }),
  defineEventType({
    type: DistributionPointEventTypes.distributionPointGroupCreated,
    topic,
    aggregate: 'distribution-point-group',
    description: 'A distribution point group was created. Carries the full group; keyed by the group name.',
    dataSchema: distributionPointGroupSchema,
    subjectOf: (data) => data.name,
    example: distributionPointGroupExample,
  }),
  defineEventType({
    type: DistributionPointEventTypes.distributionPointGroupUpdated,
    topic,
    aggregate: 'distribution-point-group',
    description: 'A distribution point group changed (members or description). Carries the full group after the change.',
    dataSchema: distributionPointGroupSchema,
    subjectOf: (data) => data.name,
    example: distributionPointGroupExample,
  }),
  defineEventType({
    type: DistributionPointEventTypes.distributionPointGroupDeleted,
    topic,
    aggregate: 'distribution-point-group',
    description: 'A distribution point group was deleted.',
    dataSchema: distributionPointGroupDeletedSchema,
    subjectOf: (data) => data.name,
    example: distributionPointGroupDeletedExample,
  }),
] as const;
