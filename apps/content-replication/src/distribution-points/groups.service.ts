import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DistributionPointEventTypes, DistributionPointGroupData } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { decodeCursor, DEFAULT_PAGE_SIZE, isTextCursor, Page, PageQueryDto, ruleViolation, toPage } from '@sdp/service';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { PackageAssignmentEntity } from '../replication/assignments/package-assignment.entity';
import { DistributionRows } from '../replication/distribution-rows/distribution-rows';
import { DistributionPointGroupEntity } from './distribution-point-group.entity';
import { DistributionPointEntity } from './distribution-point.entity';
import { distributionPointGroupAlreadyExists, distributionPointGroupNotFound, distributionPointUnknown } from './distribution-point.errors';
import { toGroupData } from './distribution-point.view';
import { CreateGroupDto, UpdateGroupDto } from './dto/group.dto';


@Injectable()
export class GroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly rows: DistributionRows,
  ) {}

  async create(dto: CreateGroupDto): Promise<DistributionPointGroupData> {
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(DistributionPointGroupEntity, { name: dto.name })) {
        throw distributionPointGroupAlreadyExists(`distribution point group ${dto.name} already exists`);
      }
      const members = dto.members ?? [];
      await this.assertMembersExist(manager, members);
      const now = new Date();
      const group = Object.assign(new DistributionPointGroupEntity(), {
        name: dto.name,
        description: dto.description ?? '',
        members,
        createdAt: now,
        updatedAt: now,
      });
      await manager.insert(DistributionPointGroupEntity, group);
      await this.outbox.enqueue(manager, [
        { type: DistributionPointEventTypes.distributionPointGroupCreated, subject: group.name, data: toGroupData(group) },
      ]);
      return toGroupData(group);
    });
  }

  async list(query: PageQueryDto): Promise<Page<DistributionPointGroupData>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, isTextCursor);
    const groups = await this.dataSource.getRepository(DistributionPointGroupEntity).find({
      where: after === undefined ? {} : { name: MoreThan(after) },
      order: { name: 'ASC' },
      take: limit + 1,
    });
    return toPage(groups, limit, (group) => group.name, toGroupData);
  }

  async get(name: string): Promise<DistributionPointGroupData> {
    return toGroupData(await this.find(this.dataSource.manager, name, false));
  }

  /** A new member receives every package assigned to the group; a dropped one loses what only the group gave it. */
  async update(name: string, dto: UpdateGroupDto): Promise<DistributionPointGroupData> {
    return this.dataSource.transaction(async (manager) => {
      const group = await this.find(manager, name);
      if (dto.members !== undefined) await this.assertMembersExist(manager, dto.members);
      if (dto.description !== undefined) group.description = dto.description;
      if (dto.members !== undefined) group.members = dto.members;
      group.updatedAt = new Date();
      await manager.save(DistributionPointGroupEntity, group);
      await this.outbox.enqueue(manager, [
        { type: DistributionPointEventTypes.distributionPointGroupUpdated, subject: name, data: toGroupData(group) },
      ]);
      await this.rows.reconcile(manager, await this.packagesAssignedTo(manager, name));
      return toGroupData(group);
    });
  }

  async delete(name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.find(manager, name);
      const packageIds = await this.packagesAssignedTo(manager, name);
      await manager.delete(PackageAssignmentEntity, { targetKind: 'group', targetName: name });
      await manager.delete(DistributionPointGroupEntity, { name });
      await this.outbox.enqueue(manager, [{ type: DistributionPointEventTypes.distributionPointGroupDeleted, subject: name, data: { name } }]);
      await this.rows.reconcile(manager, packageIds);
    });
  }

  private async packagesAssignedTo(manager: EntityManager, group: string): Promise<string[]> {
    const assignments = await manager.find(PackageAssignmentEntity, { select: { packageId: true }, where: { targetKind: 'group', targetName: group } });
    return assignments.map((assignment) => assignment.packageId);
  }

  private async assertMembersExist(manager: EntityManager, members: readonly string[]): Promise<void> {
    if (members.length === 0) return;
    const found = await manager.findBy(DistributionPointEntity, { name: In([...members]) });
    const missing = members.filter((member) => !found.some((dp) => dp.name === member));
    if (missing.length > 0) throw ruleViolation('members', `unknown distribution point(s): ${missing.join(', ')}`, distributionPointUnknown);
  }

  private async find(manager: EntityManager, name: string, lock = true): Promise<DistributionPointGroupEntity> {
    const group = await manager.findOne(DistributionPointGroupEntity, { where: { name }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!group) throw distributionPointGroupNotFound(`distribution point group ${name} not found`);
    return group;
  }
}
