import { declareError } from '@sdp/service';

/** A collection's maintenance window that advertisements keeping to windows depend on cannot be deleted. */
export const maintenanceWindowInUse = declareError('MAINTENANCE_WINDOW_IN_USE', 'conflict');
