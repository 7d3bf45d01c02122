import { z } from 'zod';
import {
  clientIdSchema,
  cpuArchSchema,
  ipAddressSchema,
  osNameSchema,
  requiredTextSchema,
  siteCodeSchema,
  timestampSchema,
} from '../common/fields';

export const clientOsSchema = z.strictObject({
  name: osNameSchema,
  version: z.string().min(1).max(64).describe('Operating system version, compared as a dotted version'),
  arch: cpuArchSchema,
});

export type ClientOsData = z.infer<typeof clientOsSchema>;

/**
 * The full current state of a client. The client token and the enrollment secret are
 * deliberately absent; the strict object rejects them.
 */
export const clientSchema = z.strictObject({
  id: clientIdSchema,
  name: requiredTextSchema.describe('Host name'),
  hardwareId: requiredTextSchema,
  domain: z.string().max(255).nullable(),
  os: clientOsSchema,
  siteCode: siteCodeSchema,
  ipAddresses: z.array(ipAddressSchema),
  inventory: z
    .record(z.string(), z.unknown())
    .describe('Free JSON document the client reports: memory, disks, installed software, tags, ...'),
  approved: z.boolean(),
  blocked: z.boolean().describe('A blocked client is refused (403)'),
  keyGeneration: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Counts up whenever the client gets a new key: every service then refuses its tokens of an older generation. Absent in events from before client keys: 0'),
  conflictsWith: clientIdSchema
    .nullable()
    .optional()
    .describe(
      'Set on a pending record made when a computer registered with the hardware ID of this other client but could not prove it holds its key; an administrator merges, keeps or refuses it',
    ),
  registeredAt: timestampSchema,
  lastSeenAt: timestampSchema.describe('Last contact as of this event; heartbeats alone publish nothing'),
  updatedAt: timestampSchema,
});

export type ClientData = z.infer<typeof clientSchema>;

export const clientDeletedSchema = z.strictObject({
  id: clientIdSchema,
});

export type ClientDeletedData = z.infer<typeof clientDeletedSchema>;
