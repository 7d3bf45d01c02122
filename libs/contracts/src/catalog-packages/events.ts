import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import {
  newPackageExample,
  packageDeletedExample,
  packageExample,
  programDeletedExample,
  programExample,
  sourceVersionPublishedExample,
} from './examples';
import { packageDeletedSchema, packageSchema } from './package.schema';
import { programDeletedSchema, programSchema } from './program.schema';
import { sourceVersionPublishedSchema } from './source-version.schema';

export const CatalogEventTypes = {
  packageCreated: 'sdp.catalog.package.created.v1',
  packageUpdated: 'sdp.catalog.package.updated.v1',
  packageDeleted: 'sdp.catalog.package.deleted.v1',
  programCreated: 'sdp.catalog.program.created.v1',
  programUpdated: 'sdp.catalog.program.updated.v1',
  programDeleted: 'sdp.catalog.program.deleted.v1',
  sourceVersionPublished: 'sdp.catalog.source-version.published.v1',
} as const;

const topic = TOPICS.catalogPackages;
const aggregate = 'package';

export const catalogPackagesEventTypes = [
  defineEventType({
    type: CatalogEventTypes.packageCreated,
    topic,
    aggregate,
    description: 'A package was created. Carries the full package.',
    dataSchema: packageSchema,
    subjectOf: (data) => data.id,
    example: newPackageExample,
  }),
  defineEventType({
    type: CatalogEventTypes.packageUpdated,
    topic,
    aggregate,
    description:
      'A package changed (its fields, or its current source version after a publish). Carries the full package after the change.',
    dataSchema: packageSchema,
    subjectOf: (data) => data.id,
    example: packageExample,
  }),
  defineEventType({
    type: CatalogEventTypes.packageDeleted,
    topic,
    aggregate,
    description: 'A package and its programs were deleted; distribution points drop its content.',
    dataSchema: packageDeletedSchema,
    subjectOf: (data) => data.id,
    example: packageDeletedExample,
  }),
  defineEventType({
    type: CatalogEventTypes.programCreated,
    topic,
    aggregate,
    description: 'A program was added to a package. Carries the full program; keyed by its package ID.',
    dataSchema: programSchema,
    subjectOf: (data) => data.packageId,
    example: programExample,
  }),
  defineEventType({
    type: CatalogEventTypes.programUpdated,
    topic,
    aggregate,
    description: 'A program changed. Carries the full program after the change; keyed by its package ID.',
    dataSchema: programSchema,
    subjectOf: (data) => data.packageId,
    example: programExample,
  }),
  defineEventType({
    type: CatalogEventTypes.programDeleted,
    topic,
    aggregate,
    description: 'A program was removed from its package; keyed by its package ID.',
    dataSchema: programDeletedSchema,
    subjectOf: (data) => data.packageId,
    example: programDeletedExample,
  }),
  defineEventType({
    type: CatalogEventTypes.sourceVersionPublished,
    topic,
    aggregate,
    description:
      'A new immutable source version of a package was published ("update distribution points"): every distribution point holding the package moves to it. The manifest is in the source store at manifestLocation.',
    dataSchema: sourceVersionPublishedSchema,
    subjectOf: (data) => data.packageId,
    example: sourceVersionPublishedExample,
  }),
] as const;
