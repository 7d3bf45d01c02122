import { Injectable } from '@nestjs/common';
import { EventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { EntityManager } from 'typeorm';
import type { EventHandler } from './event-handlers.module';
import { findUsers, Users } from './in-use';

/**
 * A service's copy of what each advertisement references, from sdp.advertisement.advertisements.v1,
 * kept so that deleting a package, program, collection or maintenance window an advertisement
 * uses can be refused (409). Each service that refuses such deletes has a table
 * `advertisement_usage (advertisement_id PK, package_id, program, collection_id,
 * ignore_maintenance_windows, last_sequence)` and registers this handler (the one handler that
 * several services share, so it lives here rather than in a service's `event-handlers/`).
 *
 * A deletion is kept as a row without references, so an older event delivered late cannot bring
 * the advertisement back: only an event with a higher sequence than the last applied one changes
 * a row.
 */
@Injectable()
export class AdvertisementUsageHandler implements EventHandler {
  readonly purpose = 'advertisement-usage';
  readonly topics = [TOPICS.advertisementAdvertisements];

  async handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case EventTypes.advertisement.advertisementCreated:
      case EventTypes.advertisement.advertisementUpdated: {
        const { data } = event;
        await recordUsage(manager, event.subject, event.sequence, [data.packageId, data.program, data.collectionId, data.ignoreMaintenanceWindows]);
        return;
      }
      case EventTypes.advertisement.advertisementDeleted:
        await recordUsage(manager, event.subject, event.sequence, [null, null, null, null]);
        return;
      default:
        return;
    }
  }
}

async function recordUsage(
  manager: EntityManager,
  advertisementId: string,
  sequence: number,
  references: [packageId: string | null, program: string | null, collectionId: string | null, ignoreMaintenanceWindows: boolean | null],
): Promise<void> {
  await manager.query(
    `INSERT INTO advertisement_usage (advertisement_id, package_id, program, collection_id, ignore_maintenance_windows, last_sequence)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (advertisement_id) DO UPDATE SET package_id = EXCLUDED.package_id, program = EXCLUDED.program,
       collection_id = EXCLUDED.collection_id, ignore_maintenance_windows = EXCLUDED.ignore_maintenance_windows,
       last_sequence = EXCLUDED.last_sequence
     WHERE advertisement_usage.last_sequence < EXCLUDED.last_sequence`,
    [advertisementId, ...references, sequence],
  );
}

export function advertisementsUsingPackage(manager: EntityManager, packageId: string): Promise<Users> {
  return findUsers(manager, 'advertisements', `SELECT advertisement_id AS id FROM advertisement_usage WHERE package_id = $1`, [packageId]);
}

/**
 * A row without program was recorded before the program was kept (catalog's rows from before
 * that migration): which program it runs is unknown, so it counts as using every program of its
 * package until its advertisement's next event.
 */
export function advertisementsUsingProgram(manager: EntityManager, packageId: string, program: string): Promise<Users> {
  return findUsers(
    manager,
    'advertisements',
    `SELECT advertisement_id AS id FROM advertisement_usage WHERE package_id = $1 AND (program = $2 OR program IS NULL)`,
    [packageId, program],
  );
}

export function advertisementsTargeting(manager: EntityManager, collectionId: string): Promise<Users> {
  return findUsers(manager, 'advertisements', `SELECT advertisement_id AS id FROM advertisement_usage WHERE collection_id = $1`, [collectionId]);
}

/** Advertisements that target the collection and keep to its maintenance windows. */
export function advertisementsKeepingToWindowsOf(manager: EntityManager, collectionId: string): Promise<Users> {
  return findUsers(
    manager,
    'advertisements',
    `SELECT advertisement_id AS id FROM advertisement_usage WHERE collection_id = $1 AND NOT ignore_maintenance_windows`,
    [collectionId],
  );
}
