import { AdvertisementData, Priority, Schedule } from '../api/types';
import { FieldErrors } from '../components/form-errors';

export interface ScheduleRow {
  type: Schedule['type'];
  at: string;
  every: string;
}

export interface AdvertisementFormValues {
  name: string;
  comment: string;
  packageId: string;
  program: string;
  collectionId: string;
  includeSubcollections: boolean;
  availableAt: string;
  expiresAt: string;
  schedules: ScheduleRow[];
  rerun: AdvertisementData['rerun'];
  fastNetwork: AdvertisementData['fastNetwork'];
  slowNetwork: AdvertisementData['slowNetwork'];
  allowFallbackToUnprotected: boolean;
  ignoreMaintenanceWindows: boolean;
  allowRestartOutsideWindows: boolean;
  allowUserToRunIndependently: boolean;
  priority: Priority;
  enabled: boolean;
}

export const ADVERTISEMENT_FIELDS = ['name', 'comment', 'packageId', 'program', 'collectionId', 'availableAt', 'expiresAt', 'mandatory', 'rerun', 'fastNetwork', 'slowNetwork', 'priority'] as const;

/** ISO time → the value a datetime-local input shows, in the browser's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function fromLocalInput(local: string): string {
  return new Date(local).toISOString();
}

export function advertisementFormValues(existing?: AdvertisementData): AdvertisementFormValues {
  return {
    name: existing?.name ?? '',
    comment: existing?.comment ?? '',
    packageId: existing?.packageId ?? '',
    program: existing?.program ?? '',
    collectionId: existing?.collectionId ?? '',
    includeSubcollections: existing?.includeSubcollections ?? true,
    availableAt: toLocalInput(existing?.availableAt),
    expiresAt: toLocalInput(existing?.expiresAt),
    schedules: (existing?.mandatory ?? []).map((schedule) => ({
      type: schedule.type,
      at: 'at' in schedule ? toLocalInput(schedule.at) : '',
      every: schedule.type === 'recurring' ? schedule.every : '',
    })),
    rerun: existing?.rerun ?? 'if-failed',
    fastNetwork: existing?.fastNetwork ?? 'download',
    slowNetwork: existing?.slowNetwork ?? 'do-not-run',
    allowFallbackToUnprotected: existing?.allowFallbackToUnprotected ?? false,
    ignoreMaintenanceWindows: existing?.ignoreMaintenanceWindows ?? false,
    allowRestartOutsideWindows: existing?.allowRestartOutsideWindows ?? false,
    allowUserToRunIndependently: existing?.allowUserToRunIndependently ?? true,
    priority: existing?.priority ?? 'medium',
    enabled: existing?.enabled ?? true,
  };
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export function validateAdvertisement(values: AdvertisementFormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === '') errors.name = 'Name is required.';
  if (!values.packageId) errors.packageId = 'Choose a package.';
  if (!values.program) errors.program = 'Choose a program.';
  if (!values.collectionId) errors.collectionId = 'Choose a collection.';
  if (values.expiresAt && values.availableAt && new Date(values.expiresAt) <= new Date(values.availableAt)) errors.expiresAt = 'Must be after the available time.';
  if (values.schedules.length > 15) errors.mandatory = 'At most 15 schedules.';
  const bad = values.schedules.findIndex((row) => ((row.type === 'at' || row.type === 'recurring') && !row.at) || (row.type === 'recurring' && !DURATION.test(row.every)));
  if (bad >= 0) errors.mandatory = `Schedule ${bad + 1} needs a time${values.schedules[bad].type === 'recurring' ? ' and an ISO-8601 interval such as P1D or PT12H' : ''}.`;
  return errors;
}

function schedule(row: ScheduleRow): Schedule {
  if (row.type === 'at') return { type: 'at', at: fromLocalInput(row.at) };
  if (row.type === 'recurring') return { type: 'recurring', at: fromLocalInput(row.at), every: row.every };
  return { type: row.type };
}

export function advertisementBody(values: AdvertisementFormValues): Record<string, unknown> {
  return {
    name: values.name.trim(),
    comment: values.comment,
    packageId: values.packageId,
    program: values.program,
    collectionId: values.collectionId,
    includeSubcollections: values.includeSubcollections,
    ...(values.availableAt ? { availableAt: fromLocalInput(values.availableAt) } : {}),
    expiresAt: values.expiresAt ? fromLocalInput(values.expiresAt) : null,
    mandatory: values.schedules.map(schedule),
    rerun: values.rerun,
    fastNetwork: values.fastNetwork,
    slowNetwork: values.slowNetwork,
    allowFallbackToUnprotected: values.allowFallbackToUnprotected,
    ignoreMaintenanceWindows: values.ignoreMaintenanceWindows,
    allowRestartOutsideWindows: values.allowRestartOutsideWindows,
    allowUserToRunIndependently: values.allowUserToRunIndependently,
    priority: values.priority,
    enabled: values.enabled,
  };
}
