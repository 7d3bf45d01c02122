import { z } from 'zod';
import { EventRegistry, EventTypeDefinition } from '@sdp/contracts';

export const THING_CHANGED = 'sdp.test.thing.changed.v1';

export const thingChangedData = z.strictObject({
  step: z.number().int().nonnegative(),
  /** Makes the test handler throw, to play a poison event. */
  explode: z.boolean().optional(),
});

export type ThingChanged = z.infer<typeof thingChangedData>;

/** A registry with one test event type on a topic of its own. */
export function testRegistry(topic: string): EventRegistry {
  const definition: EventTypeDefinition = {
    type: THING_CHANGED,
    topic,
    aggregate: 'thing',
    description: 'A test aggregate changed.',
    dataSchema: thingChangedData,
  };
  return new EventRegistry([definition]);
}
