import { z } from 'zod';
import { requiredTextSchema, timestampSchema } from '../common/fields';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const recurrenceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('daily') }),
  z.strictObject({
    type: z.literal('weekly'),
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'days must not repeat'),
  }),
  z.strictObject({
    type: z.literal('monthly'),
    day: z.int().min(1).max(31).describe('Day of the month; in shorter months the window falls on the last day'),
  }),
]);

export const maintenanceWindowSchema = z.strictObject({
  id: z.string().min(1).max(64).describe('ID of the window, unique within its collection'),
  name: requiredTextSchema,
  start: timestampSchema.describe('First (or only) start; its time of day and offset apply to every recurrence'),
  durationMinutes: z.int().min(1).max(1440),
  recurrence: recurrenceSchema,
});

export type MaintenanceWindowData = z.infer<typeof maintenanceWindowSchema>;
