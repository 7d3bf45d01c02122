import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { packageStatusChangedExample, packageStatusRemovedExample } from './examples';
import { packageStatusChangedSchema, packageStatusRemovedSchema } from './package-status.schema';

export const PackageStatusEventTypes = {
  packageStatusChanged: 'sdp.replication.package-status.changed.v1',
  packageStatusRemoved: 'sdp.replication.package-status.removed.v1',
} as const;

const topic = TOPICS.replicationPackageStatus;

export const replicationPackageStatusEventTypes = [
  defineEventType({
    type: PackageStatusEventTypes.packageStatusChanged,
    topic,
    aggregate: 'package',
    description:
      "The state or progress of a package on one distribution point changed. Carries the full row. Also re-published for every package on a distribution point whose site, boundaries or protected flag changed. Keyed by package ID.",
    dataSchema: packageStatusChangedSchema,
    subjectOf: (data) => data.packageId,
    example: packageStatusChangedExample,
  }),
  defineEventType({
    type: PackageStatusEventTypes.packageStatusRemoved,
    topic,
    aggregate: 'package',
    description:
      'A package is no longer on a distribution point and has no row there: its removal finished, or the distribution point was deleted. Keyed by package ID.',
    dataSchema: packageStatusRemovedSchema,
    subjectOf: (data) => data.packageId,
    example: packageStatusRemovedExample,
  }),
] as const;
