import { z } from 'zod';
import {
  exitCodeSchema,
  optionalTextSchema,
  osNameSchema,
  packageIdSchema,
  platformArchSchema,
  programNameSchema,
  timestampSchema,
} from '../common/fields';

/** The largest disk space estimate a program may state (the catalog keeps it as a 32-bit integer: 2 PB). */
export const MAX_ESTIMATED_DISK_SPACE_MB = 2_147_483_647;

const dottedVersionSchema = z.string().regex(/^\d+(\.\d+)*$/, 'must be a dotted version such as 10.0.19041');

export const platformSchema = z.strictObject({
  os: osNameSchema,
  arch: platformArchSchema,
  minVersion: dottedVersionSchema.optional(),
  maxVersion: dottedVersionSchema.optional(),
});

export type PlatformData = z.infer<typeof platformSchema>;

export const programDependencySchema = z.strictObject({
  packageId: packageIdSchema,
  program: programNameSchema,
  alwaysRunFirst: z
    .boolean()
    .describe('true: runs before every run; false: runs only if it never succeeded on that client'),
});

const relativeDirectorySchema = z
  .string()
  .max(1024)
  .regex(
    /^(?![\\/])(?![A-Za-z]:)(?!(?:.*[\\/])?\.\.(?:[\\/]|$))[^\u0000-\u001f]*$/,
    'must be a path relative to the package root, without .. segments or control characters',
  );

/** The full current state of a program of a package. */
export const programSchema = z.strictObject({
  packageId: packageIdSchema,
  name: programNameSchema,
  commandLine: z.string().min(1).max(8191),
  workingDirectory: relativeDirectorySchema.describe("Relative to the package root; '' = the package root"),
  runWindow: z.enum(['normal', 'minimized', 'maximized', 'hidden']),
  afterRunning: z.enum(['none', 'system-restart', 'program-restarts', 'logoff']),
  category: optionalTextSchema,
  estimatedDiskSpaceMb: z.int().min(0).max(MAX_ESTIMATED_DISK_SPACE_MB).nullable().describe('null = unknown'),
  maxRunTimeMinutes: z.int().min(1).max(720).describe('The client kills the program past it'),
  platforms: z
    .union([z.literal('any'), z.array(platformSchema).min(1)])
    .describe('any, or the platforms the program may run on'),
  runWhen: z.enum(['user-logged-on', 'no-user', 'any']),
  runAs: z.enum(['admin', 'user']),
  allowUserInteraction: z.boolean(),
  runOncePer: z.enum(['computer', 'user']),
  dependsOn: programDependencySchema.nullable().describe('Program that runs first; a failed dependency stops the chain'),
  suppressNotifications: z.boolean(),
  disabled: z.boolean().describe('A disabled program is withheld from every client'),
  successExitCodes: z.array(exitCodeSchema),
  rebootExitCodes: z.array(exitCodeSchema).describe('Success, reboot pending'),
  retryExitCodes: z.array(exitCodeSchema).describe("Failed now, retried by the client after a back-off, as the advertisement's retry settings say"),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export type ProgramData = z.infer<typeof programSchema>;

/** The fields a program is stored with, besides its key and timestamps. */
export type ProgramFields = Omit<ProgramData, 'packageId' | 'name' | 'createdAt' | 'updatedAt'>;

/** Defaults of domain.md, as the original product had them. */
export const PROGRAM_DEFAULTS: Omit<ProgramFields, 'commandLine'> = {
  workingDirectory: '',
  runWindow: 'normal',
  afterRunning: 'none',
  category: '',
  estimatedDiskSpaceMb: null,
  maxRunTimeMinutes: 120,
  platforms: 'any',
  runWhen: 'any',
  runAs: 'admin',
  allowUserInteraction: false,
  runOncePer: 'computer',
  dependsOn: null,
  suppressNotifications: false,
  disabled: false,
  successExitCodes: [0],
  rebootExitCodes: [1604, 1641, 3010, 3011],
  retryExitCodes: [],
};

export const programDeletedSchema = z.strictObject({
  packageId: packageIdSchema,
  name: programNameSchema,
});

export type ProgramDeletedData = z.infer<typeof programDeletedSchema>;
