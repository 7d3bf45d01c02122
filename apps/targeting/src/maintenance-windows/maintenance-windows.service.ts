import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { EventTypes, MaintenanceWindowData, maintenanceWindowSchema } from '@sdp/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CollectionEntity } from '../collections/collection.entity';
import { CollectionsService } from '../collections/collections.service';
import { CreateMaintenanceWindowDto } from './dto/create-maintenance-window.dto';

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
      throw new NotFoundException(`maintenance window ${windowId} not found on collection ${collectionId}`);
    }
    return window;
  }

  async create(collectionId: string, input: CreateMaintenanceWindowDto): Promise<MaintenanceWindowData> {
    const parsed = maintenanceWindowSchema.safeParse({ ...input, id: randomUUID() });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      throw new BadRequestException({ message: `invalid maintenance window: ${problems.join('; ')}`, details: [{ field: 'recurrence', problems }] });
    }
    return this.change(collectionId, (windows) => {
      if (windows.length >= MAX_WINDOWS_PER_COLLECTION) {
        throw new BadRequestException(`a collection holds at most ${MAX_WINDOWS_PER_COLLECTION} maintenance windows`);
      }
      return [...windows, parsed.data];
    }).then(() => parsed.data);
  }

  async delete(collectionId: string, windowId: string): Promise<void> {
    await this.change(collectionId, (windows) => {
      if (!windows.some((window) => window.id === windowId)) {
        throw new NotFoundException(`maintenance window ${windowId} not found on collection ${collectionId}`);
      }
      return windows.filter((window) => window.id !== windowId);
    });
  }

  private async change(collectionId: string, edit: (windows: MaintenanceWindowData[]) => MaintenanceWindowData[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const collection = await this.collections.findWritable(manager, collectionId);
      collection.maintenanceWindows = edit(collection.maintenanceWindows);
      collection.updatedAt = new Date();
      await manager.getRepository(CollectionEntity).save(collection);
      await this.collections.publish(manager, EventTypes.targeting.collectionUpdated, collection);
    });
  }
}
