import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AdvertisementData, AdvertisementRolloutGlance, AdvertisementView, DEFAULT_RETRY_SETTINGS, EventTypes, RolloutPhaseData } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { nextSiteId } from '@sdp/persistence';
import { decodeCursor, DEFAULT_PAGE_SIZE, isTextCursor, Page, ruleViolation, SERVICE_CONFIG, toPage, unknownReference } from '@sdp/service';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { AdvertisementConfig } from '../config';
import { KnownCollectionEntity } from '../known/known-collection.entity';
import { KnownPackageEntity } from '../known/known-package.entity';
import { KnownProgramEntity } from '../known/known-program.entity';
import { PolicyInvalidation } from '../policy/policy-invalidation';
import { parseRolloutPhases } from '../rollout/rollout-plan';
import { RolloutGates } from '../rollout/rollout-gates';
import { insertRollout } from '../rollout/rollout.service';
import { ROLLOUT_GLANCE_COLUMN } from '../rollout/rollout-record';
import { AdvertisementEntity, toAdvertisementData, toAdvertisementEntity } from './advertisement.entity';
import { GONE_REFERENCE_COLUMNS, GoneReferences, integrityOf } from './advertisement-integrity';
import { checkAvailabilityWindow, mergeRetrySettings, normaliseTimestamp, parseMandatoryAssignments } from './advertisement-rules';
import { advertisementNotFound, programDisabled } from './advertisement.errors';
import { CreateAdvertisementDto } from './dto/create-advertisement.dto';
import { UpdateAdvertisementDto } from './dto/update-advertisement.dto';

@Injectable()
export class AdvertisementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
    private readonly rolloutGates: RolloutGates,
  ) {}

  /** With phases, no client gets it before the rollout's first phase opens (soon after, its content permitting). */
  async create(dto: CreateAdvertisementDto): Promise<AdvertisementView> {
    const now = new Date().toISOString();
    const { retry, ...fields } = this.checkedFields(dto, { availableAt: now, expiresAt: null, mandatory: [], retry: { ...DEFAULT_RETRY_SETTINGS } });
    const phases = dto.phases === undefined ? undefined : checkedPhases(dto.phases);
    const view = await this.dataSource.transaction(async (manager) => {
      await checkReferences(manager, dto, true);
      if (phases) {
        await checkPhaseCollections(manager, phases);
      }
      const advertisement: AdvertisementData = {
        id: await nextSiteId(manager, 'advertisement', this.config.SITE_CODE),
        name: dto.name,
        comment: dto.comment ?? '',
        packageId: dto.packageId,
        program: dto.program,
        collectionId: dto.collectionId,
        includeSubcollections: dto.includeSubcollections ?? true,
        ...fields,
        rerun: dto.rerun ?? 'if-failed',
        fastNetwork: dto.fastNetwork ?? 'download',
        slowNetwork: dto.slowNetwork ?? 'do-not-run',
        allowFallbackToUnprotected: dto.allowFallbackToUnprotected ?? false,
        ignoreMaintenanceWindows: dto.ignoreMaintenanceWindows ?? false,
        allowRestartOutsideWindows: dto.allowRestartOutsideWindows ?? false,
        allowUserToRunIndependently: dto.allowUserToRunIndependently ?? true,
        priority: dto.priority ?? 'medium',
        enabled: dto.enabled ?? true,
        retry,
        createdAt: now,
        updatedAt: now,
      };
      await manager.insert(AdvertisementEntity, toAdvertisementEntity(advertisement));
      if (phases) {
        await insertRollout(manager, advertisement.id, phases, new Date(now));
      }
      await new PolicyInvalidation(manager).collections([advertisement.collectionId]);
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementCreated, subject: advertisement.id, data: advertisement }]);
      return findAdvertisementView(manager, advertisement.id);
    });
    if (phases) {
      this.rolloutGates.evaluateSoon([view.id]);
    }
    return view;
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AdvertisementView>> {
    const after = decodeCursor(cursor, isTextCursor);
    const query = viewQuery(this.dataSource.manager).orderBy('advertisement.id', 'ASC').take(limit + 1);
    if (after !== undefined) {
      query.where('advertisement.id > :after', { after });
    }
    return toPage(await readViews(query), limit, (view) => view.id, (view) => view);
  }

  async get(id: string): Promise<AdvertisementView> {
    return findAdvertisementView(this.dataSource.manager, id);
  }

  async update(id: string, dto: UpdateAdvertisementDto): Promise<AdvertisementView> {
    return this.dataSource.transaction(async (manager) => {
      const before = toAdvertisementData(await lockAdvertisement(manager, id));
      const fields = this.checkedFields(dto, before);
      // Only references the caller changes are checked: an advertisement whose program was
      // disabled since must stay editable (to disable it, for example).
      const changesProgram = (dto.packageId !== undefined && dto.packageId !== before.packageId) || (dto.program !== undefined && dto.program !== before.program);
      await checkReferences(
        manager,
        { packageId: dto.packageId ?? before.packageId, program: dto.program ?? before.program, collectionId: dto.collectionId ?? before.collectionId },
        changesProgram,
        dto.collectionId !== undefined && dto.collectionId !== before.collectionId,
      );
      const after: AdvertisementData = {
        ...before,
        ...definedFields(dto),
        ...fields,
        updatedAt: new Date().toISOString(),
      };
      await manager.update(AdvertisementEntity, { id }, toAdvertisementEntity(after));
      await new PolicyInvalidation(manager).collections([before.collectionId, after.collectionId]);
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementUpdated, subject: id, data: after }]);
      return findAdvertisementView(manager, id);
    });
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await lockAdvertisement(manager, id);
      await new PolicyInvalidation(manager).collections([before.collectionId]);
      await manager.delete(AdvertisementEntity, { id });
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementDeleted, subject: id, data: { id } }]);
    });
  }

  /** Schedule, time window and retry settings, from the request over the current (or default) values. */
  private checkedFields(
    dto: UpdateAdvertisementDto,
    current: Pick<AdvertisementData, 'availableAt' | 'expiresAt' | 'mandatory' | 'retry'>,
  ): Pick<AdvertisementData, 'availableAt' | 'expiresAt' | 'mandatory' | 'retry'> {
    let mandatory = current.mandatory;
    if (dto.mandatory !== undefined) {
      const parsed = parseMandatoryAssignments(dto.mandatory);
      if ('problem' in parsed) {
        throw ruleViolation(parsed.problem.field, parsed.problem.why);
      }
      mandatory = parsed.assignments;
    }
    const availableAt = dto.availableAt !== undefined ? normaliseTimestamp(dto.availableAt) : current.availableAt;
    const expiresAt = dto.expiresAt === undefined ? current.expiresAt : dto.expiresAt === null ? null : normaliseTimestamp(dto.expiresAt);
    const problem = checkAvailabilityWindow(availableAt, expiresAt);
    if (problem) {
      throw ruleViolation(problem.field, problem.why);
    }
    const retrySettings = mergeRetrySettings(current.retry, dto.retry ?? {});
    if ('problem' in retrySettings) {
      throw ruleViolation(retrySettings.problem.field, retrySettings.problem.why);
    }
    return { availableAt, expiresAt, mandatory, retry: retrySettings.retry };
  }
}

/** The package, program and collection must be known from the events this service consumed (maybe not yet: 422 with Retry-After). */
async function checkReferences(
  manager: EntityManager,
  target: Pick<AdvertisementData, 'packageId' | 'program' | 'collectionId'>,
  checkProgram: boolean,
  checkCollection = true,
): Promise<void> {
  if (checkProgram) {
    if (!(await manager.existsBy(KnownPackageEntity, { id: target.packageId }))) {
      throw unknownReference('packageId', `package ${target.packageId}`);
    }
    const program = await manager.findOne(KnownProgramEntity, {
      select: { packageId: true, name: true, disabled: true },
      where: { packageId: target.packageId, name: target.program },
    });
    if (!program) {
      throw unknownReference('program', `program ${target.program} of package ${target.packageId}`);
    }
    if (program.disabled) {
      throw ruleViolation('program', `program ${target.program} of package ${target.packageId} is disabled`, programDisabled);
    }
  }
  if (checkCollection) {
    if (!(await manager.existsBy(KnownCollectionEntity, { id: target.collectionId }))) {
      throw unknownReference('collectionId', `collection ${target.collectionId}`);
    }
  }
}

function checkedPhases(raw: readonly unknown[]): RolloutPhaseData[] {
  const parsed = parseRolloutPhases(raw);
  if ('problem' in parsed) {
    throw ruleViolation(parsed.problem.field, parsed.problem.why);
  }
  return parsed.phases;
}

/** A collection phase's collection must be known from the events this service consumed (maybe not yet: 422 with Retry-After). */
async function checkPhaseCollections(manager: EntityManager, phases: readonly RolloutPhaseData[]): Promise<void> {
  for (const [index, phase] of phases.entries()) {
    if (phase.type === 'collection' && !(await manager.existsBy(KnownCollectionEntity, { id: phase.collectionId }))) {
      throw unknownReference(`phases[${index}].collectionId`, `collection ${phase.collectionId}`);
    }
  }
}

/** Advertisements as answered: with whether what each names is still known and where its rollout stands (alias `advertisement`, as the columns expect). */
function viewQuery(manager: EntityManager): SelectQueryBuilder<AdvertisementEntity> {
  return manager.createQueryBuilder(AdvertisementEntity, 'advertisement').addSelect(GONE_REFERENCE_COLUMNS).addSelect(ROLLOUT_GLANCE_COLUMN);
}

async function readViews(query: SelectQueryBuilder<AdvertisementEntity>): Promise<AdvertisementView[]> {
  // No joins: one raw row per entity, in the same order.
  const { entities, raw } = await query.getRawAndEntities<GoneReferences & AdvertisementRolloutGlance>();
  return entities.map((entity, index) => {
    const advertisement = toAdvertisementData(entity);
    return { ...advertisement, ...integrityOf(advertisement, raw[index]), rollout: raw[index].rollout };
  });
}

/** The advertisement as answered: its fields and whether what it names is still there; else ADVERTISEMENT_NOT_FOUND. */
export async function findAdvertisementView(manager: EntityManager, id: string): Promise<AdvertisementView> {
  const [view] = await readViews(viewQuery(manager).where('advertisement.id = :id', { id }));
  if (!view) {
    throw advertisementNotFound(`advertisement ${id} not found`);
  }
  return view;
}

async function lockAdvertisement(manager: EntityManager, id: string): Promise<AdvertisementEntity> {
  const entity = await manager.findOne(AdvertisementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!entity) {
    throw advertisementNotFound(`advertisement ${id} not found`);
  }
  return entity;
}

/** The plain fields of a PATCH body that were sent (schedule, times and retry settings are checked apart). */
function definedFields(dto: UpdateAdvertisementDto): Partial<AdvertisementData> {
  const { mandatory: _mandatory, availableAt: _availableAt, expiresAt: _expiresAt, retry: _retry, ...plain } = dto;
  return Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined)) as Partial<AdvertisementData>;
}
