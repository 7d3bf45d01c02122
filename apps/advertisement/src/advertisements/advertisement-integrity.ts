import type { AdvertisementData, AdvertisementIntegrity } from '@sdp/contracts';

/**
 * Which of an advertisement's references this service no longer knows. An advertisement can only
 * be created or repointed at what is known, and knowledge goes only on a deletion event, so a
 * reference missing here was deleted.
 */
export interface GoneReferences {
  package_gone: boolean;
  program_gone: boolean;
  collection_gone: boolean;
}

/** Selected next to the columns of `advertisement` (unaliased) for a GoneReferences per row. */
export const GONE_REFERENCE_COLUMNS = `
  NOT EXISTS (SELECT 1 FROM known_package k WHERE k.id = advertisement.package_id) AS package_gone,
  NOT EXISTS (SELECT 1 FROM known_program k WHERE k.package_id = advertisement.package_id AND k.name = advertisement.program) AS program_gone,
  NOT EXISTS (SELECT 1 FROM known_collection k WHERE k.id = advertisement.collection_id) AS collection_gone`;

/** Broken, and why, from what is gone; a deleted package takes its programs with it and is named alone. */
export function integrityOf(advertisement: Pick<AdvertisementData, 'packageId' | 'program' | 'collectionId'>, gone: GoneReferences): AdvertisementIntegrity {
  const reasons: string[] = [];
  if (gone.package_gone) {
    reasons.push(`package ${advertisement.packageId} was deleted`);
  } else if (gone.program_gone) {
    reasons.push(`program ${advertisement.program} of package ${advertisement.packageId} was deleted`);
  }
  if (gone.collection_gone) {
    reasons.push(`collection ${advertisement.collectionId} was deleted`);
  }
  return { broken: reasons.length > 0, brokenReason: reasons.length > 0 ? reasons.join('; ') : null };
}

/** OpenAPI properties of AdvertisementIntegrity, for the response schemas of advertisements and their status. */
export const INTEGRITY_OPENAPI_PROPERTIES = {
  broken: { type: 'boolean', description: 'Its package, program or collection was deleted: it is offered to no client until repointed' },
  brokenReason: { type: 'string', nullable: true, description: 'Why it is broken; null when it is not', example: 'collection S0100004 was deleted' },
};

/** OpenAPI schema of an AdvertisementView: the advertisement of the events plus its integrity. */
export const ADVERTISEMENT_VIEW_OPENAPI_SCHEMA = {
  type: 'object',
  description: 'The advertisement as carried by sdp.advertisement.advertisements.v1 (see the AsyncAPI document), plus broken, brokenReason and rollout',
  required: ['id', 'broken', 'brokenReason', 'rollout'],
  properties: {
    id: { type: 'string', example: 'S0100002' },
    packageId: { type: 'string', example: 'S0100001' },
    program: { type: 'string', example: 'Install' },
    collectionId: { type: 'string', example: 'S0100004' },
    ...INTEGRITY_OPENAPI_PROPERTIES,
    rollout: {
      type: 'object',
      nullable: true,
      description: 'Where its phased deployment stands (details at /advertisements/{id}/rollout); null when it was created without phases',
      properties: { state: { type: 'string' }, openPhases: { type: 'integer' }, phases: { type: 'integer' } },
    },
  },
  additionalProperties: true,
};
