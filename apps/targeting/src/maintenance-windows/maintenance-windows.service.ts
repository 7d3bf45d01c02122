import { Injectable } from '@nestjs/common';
import { EventTypes, MaintenanceWindowData, maintenanceWindowSchema } from '@sdp/contracts';
import { randomUUID } from 'node:crypto';
import { advertisementsKeepingToWindowsOf, inUseConflict } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { CollectionEntity } from '../collections/collection.entity';
import { CollectionsService } from '../collections/collections.service';
import { CreateMaintenanceWindowDto } from './dto/create-maintenance-window.dto';
import { maintenanceWindowInUse, maintenanceWindowInvalid, maintenanceWindowLimitReached, maintenanceWindowNotFound } from './maintenance-window.errors';

export const MAX_WINDOWS_PER_COLLECTION = 100;

/** Windows live on their collection and travel with its collection-updated event. */
@Injectable()
export class MaintenanceWindowsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly collections: CollectionsService,
  ) {}

  async list(collectionId: string): Promise<MaintenanceWindowData[]> {
    return (await this.collections.find(this.dataSource.manager, collectionId)).maintenanceWindows;
  }

  async get(collectionId: string, windowId: string): Promise<MaintenanceWindowData> {
    const window = (await this.list(collectionId)).find((candidate) => candidate.id === windowId);
    if (!window) {
      throw maintenanceWindowNotFound(`maintenance window ${windowId} not found on collection ${collectionId}`);
    }
    return window;
  }

  async create(collectionId: string, input: CreateMaintenanceWindowDto): Promise<MaintenanceWindowData> {
    const parsed = maintenanceWindowSchema.safeParse({ ...input, id: randomUUID() });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw maintenanceWindowInvalid(`invalid maintenance window: ${problems.join('; ')}`, [{ field: 'recurrence', problems }]);
    }
    return this.change(collectionId, (windows) => {
      if (windows.length >= MAX_WINDOWS_PER_COLLECTION) {
        throw maintenanceWindowLimitReached(`a collection holds at most ${MAX_WINDOWS_PER_COLLECTION} maintenance windows`);
      }
      return [...windows, parsed.data];
    }).then(() => parsed.data);
  }

  /**
   * Refused (409) while an advertisement targets the collection and keeps to its windows: without
   * this window its clients would run it at other times than the administrator planned (with no
   * window left, at any time). Such an advertisement can set ignoreMaintenanceWindows or be
   * retargeted first.
   */
  async delete(collectionId: string, windowId: string): Promise<void> {
    await this.change(collectionId, async (windows, manager) => {
      if (!windows.some((window) => window.id === windowId)) {
        throw maintenanceWindowNotFound(`maintenance window ${windowId} not found on collection ${collectionId}`);
      }
      const advertisements = await advertisementsKeepingToWindowsOf(manager, collectionId);
      if (advertisements.total > 0) {
        throw inUseConflict(
          maintenanceWindowInUse,
          'windowId',
          `maintenance window ${windowId} of collection ${collectionId}`,
          advertisements,
          'set ignoreMaintenanceWindows on them or retarget them first',
        );
      }
      return windows.filter((window) => window.id !== windowId);
    });
  }

  private async change(
    collectionId: string,
    edit: (windows: MaintenanceWindowData[], manager: EntityManager) => MaintenanceWindowData[] | Promise<MaintenanceWindowData[]>,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const collection = await this.collections.findWritable(manager, collectionId);
      collection.maintenanceWindows = await edit(collection.maintenanceWindows, manager);
      collection.updatedAt = new Date();
      await manager.getRepository(CollectionEntity).save(collection);
      await this.collections.publish(manager, EventTypes.targeting.collectionUpdated, collection);
    });
  }
}
