import { z } from 'zod';
import {
  clientIdSchema,
  collectionIdSchema,
  requiredTextSchema,
  timestampSchema,
} from '../common/fields';
import { maintenanceWindowSchema } from './maintenance-window.schema';

export const collectionRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('direct'), clientId: clientIdSchema }),
  z.strictObject({
    type: z.literal('query'),
    name: requiredTextSchema,
    expression: z.string().min(1).max(8192).describe('Query expression over client fields'),
  }),
  z.strictObject({ type: z.literal('include'), collectionId: collectionIdSchema }),
  z.strictObject({ type: z.literal('exclude'), collectionId: collectionIdSchema }),
]);

export type CollectionRuleData = z.infer<typeof collectionRuleSchema>;

/** The full current state of a collection, including its maintenance windows. */
export const collectionSchema = z.strictObject({
  id: collectionIdSchema,
  name: requiredTextSchema,
  comment: z.string().max(1024),
  builtIn: z.boolean().describe('Built-in collections (SMS0000x) are read-only'),
  limitingCollectionId: collectionIdSchema
    .nullable()
    .describe('Members are always a subset of this collection; null only for All Systems (SMS00001)'),
  parentCollectionId: collectionIdSchema.nullable().describe('Parent in the subcollection tree; null at the top'),
  rules: z.array(collectionRuleSchema).describe('Members = limiting ∩ ((direct ∪ query ∪ include) − exclude)'),
  refresh: z.strictObject({
    incremental: z.boolean().describe('Re-evaluate a client as soon as it registers or its inventory changes'),
    fullEveryMinutes: z.int().min(1).nullable().describe('Full evaluation schedule; null = on rule change and on demand only'),
  }),
  maintenanceWindows: z.array(maintenanceWindowSchema),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type CollectionData = z.infer<typeof collectionSchema>;

export const collectionDeletedSchema = z.strictObject({
  id: collectionIdSchema,
});

export type CollectionDeletedData = z.infer<typeof collectionDeletedSchema>;
