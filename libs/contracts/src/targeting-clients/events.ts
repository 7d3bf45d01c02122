import { defineEventType } from '../define-event-type';
import { TOPICS } from '../topics';
import { clientDeletedSchema, clientSchema } from './client.schema';
import { clientDeletedExample, clientExample } from './examples';

export const ClientEventTypes = {
  clientRegistered: 'sdp.targeting.client.registered.v1',
  clientInventoryChanged: 'sdp.targeting.client.inventory-changed.v1',
  clientUpdated: 'sdp.targeting.client.updated.v1',
  clientDeleted: 'sdp.targeting.client.deleted.v1',
} as const;

const topic = TOPICS.targetingClients;
const aggregate = 'client';

export const targetingClientsEventTypes = [
  defineEventType({
    type: ClientEventTypes.clientRegistered,
    topic,
    aggregate,
    description: 'A client registered (or re-registered). Carries the full client, never its token.',
    dataSchema: clientSchema,
    subjectOf: (data) => data.id,
    example: clientExample,
  }),
  defineEventType({
    type: ClientEventTypes.clientInventoryChanged,
    topic,
    aggregate,
    description:
      'A client reported inventory that differs from what was known (OS, addresses, inventory document). Carries the full client after the change.',
    dataSchema: clientSchema,
    subjectOf: (data) => data.id,
    example: clientExample,
  }),
  defineEventType({
    type: ClientEventTypes.clientUpdated,
    topic,
    aggregate,
    description: 'An administrator changed a client (approved, blocked). Carries the full client after the change.',
    dataSchema: clientSchema,
    subjectOf: (data) => data.id,
    example: clientExample,
  }),
  defineEventType({
    type: ClientEventTypes.clientDeleted,
    topic,
    aggregate,
    description: 'A client was deleted; it leaves every collection.',
    dataSchema: clientDeletedSchema,
    subjectOf: (data) => data.id,
    example: clientDeletedExample,
  }),
] as const;
