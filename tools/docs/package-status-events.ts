import {
  CloudEvent,
  EventTypes,
  eventRegistry,
  exampleEventOf,
  PACKAGE_DISTRIBUTION_STATE_CODES,
  PackageDistributionState,
  PackageStatusChangedData,
  PackageStatusRemovedData,
} from '@sdp/contracts';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';

/** What examples/package-status-consumer/src/package-status.cjs exports (checked by its own JSDoc). */
export interface PackageStatusModule {
  TOPIC: string;
  loadValidators(schemasDir: string): Map<string, (value: unknown) => string | undefined>;
  PackageStatusTracker: new (validators: Map<string, (value: unknown) => string | undefined>) => {
    handle(value: Buffer | string | null): { kind: string };
  };
  describe(outcome: { kind: string }): string | undefined;
}

export const EXAMPLE_DIR = join(__dirname, '..', '..', 'examples', 'package-status-consumer');
export const SCHEMAS_DIR = join(__dirname, '..', '..', 'libs', 'contracts', 'generated', 'schemas');

function exampleOf(type: string): CloudEvent {
  const definition = eventRegistry.get(type);
  const example = definition && exampleEventOf(definition, 1);
  if (!example) throw new Error(`the contracts define no example of ${type}`);
  return example;
}

/** A valid status-changed event of the contracts' example package and DP, in the given state. */
export function statusChanged(
  sequence: number,
  state: PackageDistributionState,
  changes: Partial<PackageStatusChangedData> = {},
): CloudEvent<PackageStatusChangedData> {
  const example = exampleOf(EventTypes.replication.packageStatusChanged) as CloudEvent<PackageStatusChangedData>;
  return { ...example, id: uuidv7(), sequence, data: { ...example.data, state, stateCode: PACKAGE_DISTRIBUTION_STATE_CODES[state], ...changes } };
}

export function statusRemoved(sequence: number): CloudEvent<PackageStatusRemovedData> {
  const example = exampleOf(EventTypes.replication.packageStatusRemoved) as CloudEvent<PackageStatusRemovedData>;
  return { ...example, id: uuidv7(), sequence };
}
