import { Injectable } from '@nestjs/common';
import { EventTypes, SdpEvent, TOPICS } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { EventHandler } from '@sdp/service';
import { EntityManager } from 'typeorm';
import { applyMembershipChange, applyMembershipSnapshot } from './membership-projection';
import { PolicyInvalidation } from '../policy/policy-invalidation';

/** Keeps this service's copy of clients, collections and membership from targeting events. */
async function applyTargetingEvent(event: SdpEvent, manager: EntityManager, outbox: Outbox): Promise<void> {
  // Raw SQL: projection: upserts (ON CONFLICT; a key generation only grows) and set-based deletes per event; the ORM would read then write.
  const invalidate = new PolicyInvalidation(manager);
  switch (event.type) {
    case EventTypes.targeting.clientRegistered:
    case EventTypes.targeting.clientInventoryChanged:
    case EventTypes.targeting.clientUpdated: {
      const { data } = event;
      await manager.query(
        `INSERT INTO known_client (id, blocked, key_generation, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET blocked = EXCLUDED.blocked, data = EXCLUDED.data,
           key_generation = GREATEST(known_client.key_generation, EXCLUDED.key_generation)`,
        [data.id, data.blocked, data.keyGeneration ?? 0, data],
      );
      await invalidate.clients([data.id]);
      return;
    }
    case EventTypes.targeting.clientDeleted: {
      const { id } = event.data;
      await invalidate.clients([id]);
      await manager.query(`DELETE FROM collection_member WHERE client_id = $1`, [id]);
      await manager.query(`DELETE FROM known_client WHERE id = $1`, [id]);
      await manager.query(`INSERT INTO deleted_client (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [id]);
      return;
    }
    case EventTypes.targeting.collectionCreated:
    case EventTypes.targeting.collectionUpdated: {
      const { data } = event;
      // Before and after the change: a new parent moves the whole subtree under other advertisements.
      await invalidate.collections([data.id]);
      await manager.query(
        `INSERT INTO known_collection (id, parent_collection_id, maintenance_windows, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET parent_collection_id = EXCLUDED.parent_collection_id,
           maintenance_windows = EXCLUDED.maintenance_windows, data = EXCLUDED.data`,
        [data.id, data.parentCollectionId, JSON.stringify(data.maintenanceWindows), data],
      );
      await invalidate.collections([data.id]);
      return;
    }
    case EventTypes.targeting.collectionDeleted: {
      const { id } = event.data;
      await invalidate.collections([id]);
      await manager.query(`DELETE FROM collection_member WHERE collection_id = $1`, [id]);
      await manager.query(`DELETE FROM collection_membership_state WHERE collection_id = $1`, [id]);
      await manager.query(`DELETE FROM membership_pending_delta WHERE collection_id = $1`, [id]);
      await manager.query(`UPDATE known_collection SET parent_collection_id = NULL WHERE parent_collection_id = $1`, [id]);
      await manager.query(`DELETE FROM known_collection WHERE id = $1`, [id]);
      return;
    }
    case EventTypes.targeting.membershipChanged:
      await applyMembershipChange(manager, event.data, outbox);
      return;
    case EventTypes.targeting.membershipSnapshot:
      await applyMembershipSnapshot(manager, event.data);
      return;
    default:
      return;
  }
}

@Injectable()
export class TargetingHandler implements EventHandler {
  readonly purpose = 'targeting';
  readonly topics = [TOPICS.targetingClients, TOPICS.targetingCollections, TOPICS.targetingMembership];

  constructor(private readonly outbox: Outbox) {}

  handle(event: SdpEvent, manager: EntityManager): Promise<void> {
    return applyTargetingEvent(event, manager, this.outbox);
  }
}
