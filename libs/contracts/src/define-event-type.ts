import { z } from 'zod';
import { EventTypeDefinition } from './registry';

/** Keeps the literal type name and the data schema's type, so typed lookups by name work. */
export function defineEventType<const TType extends string, TSchema extends z.ZodType>(
  definition: EventTypeDefinition<TSchema, TType>,
): EventTypeDefinition<TSchema, TType> {
  return definition;
}
