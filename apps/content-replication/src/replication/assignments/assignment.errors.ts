import { declareError } from '@sdp/service';

/** The package the path names was deleted in catalog. */
export const packageNotFound = declareError('PACKAGE_NOT_FOUND', 'not-found');
/** A command-only package (no source) is assigned to distribution points: there is nothing to copy. */
export const packageHasNoSource = declareError('PACKAGE_HAS_NO_SOURCE', 'rule-broken');
/** The package is neither assigned to the distribution point directly nor on it (or is being removed from it). */
export const packageNotOnDistributionPoint = declareError('PACKAGE_NOT_ON_DISTRIBUTION_POINT', 'not-found');
/** A validation was asked of a package that is not installed on the distribution point (yet). */
export const packageNotInstalledOnDistributionPoint = declareError('PACKAGE_NOT_INSTALLED_ON_DISTRIBUTION_POINT', 'not-found');
/** A package taken off a distribution point still reaches it through a group it is assigned to. */
export const packageAssignedThroughGroup = declareError('PACKAGE_ASSIGNED_THROUGH_GROUP', 'conflict');
