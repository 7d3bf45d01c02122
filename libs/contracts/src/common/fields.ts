import { z } from 'zod';

/** Field schemas shared by several topics, with the limits of the domain model. */

export const siteCodeSchema = z
  .string()
  .regex(/^[A-Z0-9]{3}$/, 'site code must be three upper-case letters or digits')
  .describe('Three-character site code, e.g. S01');

/** A site's object ID (package, collection, advertisement): site code plus five upper-case hex digits. */
export const SITE_OBJECT_ID_PATTERN = /^[A-Z0-9]{3}[0-9A-F]{5}$/;
const siteObjectIdMessage = 'ID must be a site code followed by five upper-case hex digits, e.g. S0100001';

export const packageIdSchema = z
  .string()
  .regex(SITE_OBJECT_ID_PATTERN, siteObjectIdMessage)
  .describe('Package ID: site code plus five upper-case hex digits, e.g. S0100001');

export const collectionIdSchema = z
  .string()
  .regex(SITE_OBJECT_ID_PATTERN, siteObjectIdMessage)
  .describe('Collection ID: site code (SMS for built-in collections) plus five upper-case hex digits, e.g. SMS00001');

export const advertisementIdSchema = z
  .string()
  .regex(SITE_OBJECT_ID_PATTERN, siteObjectIdMessage)
  .describe('Advertisement ID: site code plus five upper-case hex digits, e.g. S0100001');

export const clientIdSchema = z.uuid().describe('Client ID, the UUID given at registration');

const adminNamePattern = /^[a-z0-9-]{1,63}$/;
const adminNameMessage = 'name must be 1 to 63 lower-case letters, digits or hyphens';

export const distributionPointNameSchema = z
  .string()
  .regex(adminNamePattern, adminNameMessage)
  .describe('Distribution point name chosen by the administrator');

export const distributionPointGroupNameSchema = z
  .string()
  .regex(adminNamePattern, adminNameMessage)
  .describe('Distribution point group name chosen by the administrator');

export const programNameSchema = z.string().min(1).max(255).describe('Program name, unique within its package');

export const timestampSchema = z.iso.datetime({ offset: true }).describe('ISO-8601 date and time with offset');

export const requiredTextSchema = z.string().min(1).max(255);
export const optionalTextSchema = z.string().max(255);

export const countSchema = z.int().min(0);

export const sourceVersionSchema = z.int().min(1).describe('Source version number: 1 for the first published source');

export const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256')
  .describe('Lower-case hex sha256');

export const prioritySchema = z.enum(['high', 'medium', 'low']);

export const cidrSchema = z.union([z.cidrv4(), z.cidrv6()]).describe('IPv4 or IPv6 network in CIDR notation');

export const ipAddressSchema = z.union([z.ipv4(), z.ipv6()]);

export const osNameSchema = z.enum(['windows', 'linux', 'macos']);
export const cpuArchSchema = z.enum(['x86', 'x64', 'arm64']);
/** A platform's architecture: a client's, or `any` for every architecture of the OS ("Linux, any architecture"). */
export const ANY_ARCH = 'any';
export const platformArchSchema = z.enum([...cpuArchSchema.options, ANY_ARCH]).describe('CPU architecture, or any for every architecture of the OS');

/** Exit codes are 32-bit, signed on some systems and unsigned on others. */
export const exitCodeSchema = z.int().min(-2147483648).max(4294967295);
