import { z } from 'zod';
import {
  cidrSchema,
  countSchema,
  distributionPointNameSchema,
  packageIdSchema,
  siteCodeSchema,
  sourceVersionSchema,
  timestampSchema,
} from '../common/fields';

/**
 * State of a package on one distribution point, with the original product's codes.
 * VALIDATION_FAILED (a repair is owed) had no code there; 7 is ours.
 */
export const PACKAGE_DISTRIBUTION_STATE_CODES = {
  INSTALLED: 0,
  INSTALL_PENDING: 1,
  INSTALL_RETRYING: 2,
  INSTALL_FAILED: 3,
  REMOVAL_PENDING: 4,
  REMOVAL_RETRYING: 5,
  REMOVAL_FAILED: 6,
  VALIDATION_FAILED: 7,
} as const;

export type PackageDistributionState = keyof typeof PACKAGE_DISTRIBUTION_STATE_CODES;

export const packageDistributionStateSchema = z.enum(
  Object.keys(PACKAGE_DISTRIBUTION_STATE_CODES) as [PackageDistributionState, ...PackageDistributionState[]],
);

const stateCodeSchema = z
  .literal(Object.values(PACKAGE_DISTRIBUTION_STATE_CODES))
  .describe('Numeric code of state: INSTALLED 0 ... REMOVAL_FAILED 6, VALIDATION_FAILED 7');

/**
 * The full current row of one (package, distribution point) pair, plus the distribution
 * point's placement (site, boundaries, protected) so a consumer can tell, per client, whether
 * content is ready on a distribution point that client may use without reading another topic.
 */
export const packageStatusChangedSchema = z
  .strictObject({
    packageId: packageIdSchema,
    distributionPoint: distributionPointNameSchema,
    state: packageDistributionStateSchema,
    stateCode: stateCodeSchema,
    desiredVersion: sourceVersionSchema.nullable().describe('Version the distribution point should hold; null while removing'),
    installedVersion: sourceVersionSchema
      .nullable()
      .describe('Version the distribution point holds completely and verified; null when none'),
    attempts: countSchema.describe('Attempts of the current operation so far'),
    lastError: z.string().max(2048).nullable(),
    bytesDone: countSchema,
    bytesTotal: countSchema,
    filesDone: countSchema,
    filesTotal: countSchema,
    siteCode: siteCodeSchema.describe("The distribution point's site"),
    boundaries: z.array(cidrSchema).describe("The distribution point's boundaries"),
    protected: z.boolean().describe('Whether the distribution point is protected'),
    updatedAt: timestampSchema,
  })
  .refine((data) => PACKAGE_DISTRIBUTION_STATE_CODES[data.state] === data.stateCode, {
    message: 'stateCode must be the code of state',
    path: ['stateCode'],
  });

export type PackageStatusChangedData = z.infer<typeof packageStatusChangedSchema>;

export const packageStatusRemovedSchema = z.strictObject({
  packageId: packageIdSchema,
  distributionPoint: distributionPointNameSchema,
});

export type PackageStatusRemovedData = z.infer<typeof packageStatusRemovedSchema>;
