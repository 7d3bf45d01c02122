import { z } from 'zod';
import { advertisementAdvertisementsEventTypes, AdvertisementEventTypes } from './advertisement-advertisements';
import { advertisementClientStatusEventTypes, ClientStatusEventTypes } from './advertisement-client-status';
import { advertisementMembershipRequestsEventTypes, MembershipRequestEventTypes } from './advertisement-membership-requests';
import { advertisementRolloutsEventTypes, RolloutEventTypes } from './advertisement-rollouts';
import { CatalogEventTypes, catalogPackagesEventTypes } from './catalog-packages';
import { CloudEvent } from './envelope';
import { MeteringRuleEventTypes, meteringRulesEventTypes } from './metering-rules';
import { EventRegistry } from './registry';
import { DistributionPointEventTypes, replicationDistributionPointsEventTypes } from './replication-distribution-points';
import { PackageStatusEventTypes, replicationPackageStatusEventTypes } from './replication-package-status';
import { ClientEventTypes, targetingClientsEventTypes } from './targeting-clients';
import { CollectionEventTypes, targetingCollectionsEventTypes } from './targeting-collections';
import { MembershipEventTypes, targetingMembershipEventTypes } from './targeting-membership';

/** Every event type name, by owning service, so producers and consumers never type the strings. */
export const EventTypes = {
  catalog: CatalogEventTypes,
  replication: { ...DistributionPointEventTypes, ...PackageStatusEventTypes },
  targeting: { ...ClientEventTypes, ...CollectionEventTypes, ...MembershipEventTypes },
  advertisement: { ...AdvertisementEventTypes, ...ClientStatusEventTypes, ...MembershipRequestEventTypes, ...RolloutEventTypes },
  metering: MeteringRuleEventTypes,
} as const;

export const allEventTypes = [
  ...catalogPackagesEventTypes,
  ...replicationDistributionPointsEventTypes,
  ...replicationPackageStatusEventTypes,
  ...targetingClientsEventTypes,
  ...targetingCollectionsEventTypes,
  ...targetingMembershipEventTypes,
  ...advertisementAdvertisementsEventTypes,
  ...advertisementClientStatusEventTypes,
  ...advertisementMembershipRequestsEventTypes,
  ...advertisementRolloutsEventTypes,
  ...meteringRulesEventTypes,
] as const;

type PlatformEventTypeDefinition = (typeof allEventTypes)[number];

export type EventTypeName = PlatformEventTypeDefinition['type'];

/** The parsed `data` of one event type, e.g. `EventData<typeof EventTypes.catalog.packageCreated>`. */
export type EventData<TType extends EventTypeName> = z.output<
  Extract<PlatformEventTypeDefinition, { type: TType }>['dataSchema']
>;

/** A validated event of one type. */
export type SdpEventOf<TType extends EventTypeName> = CloudEvent<EventData<TType>> & { type: TType };

/** Any validated platform event; `switch (event.type)` narrows `data`. */
export type SdpEvent = { [TType in EventTypeName]: SdpEventOf<TType> }[EventTypeName];

export const eventRegistry = new EventRegistry(allEventTypes);

/**
 * Validates a raw event against the platform's event types (see EventRegistry.validate) and
 * returns it typed by its type name. Throws EventValidationError.
 */
export function validateEvent(raw: unknown, expectedTopic?: string): SdpEvent {
  return eventRegistry.validate(raw, expectedTopic) as SdpEvent;
}

/** Narrows a validated event to one type. */
export function isEventType<TType extends EventTypeName>(event: CloudEvent, type: TType): event is SdpEventOf<TType> {
  return event.type === type;
}
