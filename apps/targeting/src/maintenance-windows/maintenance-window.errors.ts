import { declareError } from '@sdp/service';

/** The maintenance window the path names is not on the collection. */
export const maintenanceWindowNotFound = declareError('MAINTENANCE_WINDOW_NOT_FOUND', 'not-found');
/** A maintenance window its schema refuses, e.g. a monthly recurrence on day 32. */
export const maintenanceWindowInvalid = declareError('MAINTENANCE_WINDOW_INVALID', 'bad-request');
/** A window added to a collection that holds MAX_WINDOWS_PER_COLLECTION already. */
export const maintenanceWindowLimitReached = declareError('MAINTENANCE_WINDOW_LIMIT_REACHED', 'bad-request');
/** A collection's maintenance window that advertisements keeping to windows depend on cannot be deleted. */
export const maintenanceWindowInUse = declareError('MAINTENANCE_WINDOW_IN_USE', 'conflict');
