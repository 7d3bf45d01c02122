import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AdvertisementData, AdvertisementView, EventTypes } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { nextSiteId } from '@sdp/persistence';
import { decodeCursor, DEFAULT_PAGE_SIZE, Page, ruleViolation, SERVICE_CONFIG, toPage, unknownReference } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { AdvertisementConfig } from '../config';
import { PolicyInvalidation } from '../policy/policy-invalidation';
import { ADVERTISEMENT_COLUMNS, advertisementFromRow, AdvertisementRow, rowValues } from './advertisement.record';
import { GONE_REFERENCE_COLUMNS, GoneReferences, integrityOf } from './advertisement-integrity';
import { checkAvailabilityWindow, normaliseTimestamp, parseMandatoryAssignments } from './advertisement-rules';
import { advertisementNotFound, programDisabled } from './advertisement.errors';
import { CreateAdvertisementDto } from './dto/create-advertisement.dto';
import { UpdateAdvertisementDto } from './dto/update-advertisement.dto';

const UPDATE_ASSIGNMENTS = ADVERTISEMENT_COLUMNS.split(',')
  .map((column, index) => ({ column: column.trim(), index }))
  .filter(({ column }) => column !== 'id')
  .map(({ column, index }) => `${column} = $${index + 1}`)
  .join(', ');

@Injectable()
export class AdvertisementsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: AdvertisementConfig,
  ) {}

  async create(dto: CreateAdvertisementDto): Promise<AdvertisementView> {
    const now = new Date().toISOString();
    const fields = this.checkedFields(dto, { availableAt: now, expiresAt: null, mandatory: [] });
    return this.dataSource.transaction(async (manager) => {
      await checkReferences(manager, dto, true);
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
        createdAt: now,
        updatedAt: now,
      };
      const values = rowValues(advertisement);
      await manager.query(
        `INSERT INTO advertisement (${ADVERTISEMENT_COLUMNS}) VALUES (${values.map((_, index) => `$${index + 1}`).join(', ')})`,
        values,
      );
      await new PolicyInvalidation(manager).collections([advertisement.collectionId]);
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementCreated, subject: advertisement.id, data: advertisement }]);
      return readView(manager, advertisement.id);
    });
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AdvertisementView>> {
    const after = decodeCursor(cursor, (value): value is string => typeof value === 'string');
    const rows: ViewRow[] = await this.dataSource.query(
      `SELECT ${ADVERTISEMENT_COLUMNS}, ${GONE_REFERENCE_COLUMNS} FROM advertisement WHERE ($1::text IS NULL OR id > $1) ORDER BY id LIMIT $2`,
      [after ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => row.id, viewFromRow);
  }

  async get(id: string): Promise<AdvertisementView> {
    return readView(this.dataSource.manager, id);
  }

  async update(id: string, dto: UpdateAdvertisementDto): Promise<AdvertisementView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await lockAdvertisement(manager, id);
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
      const values = rowValues(after);
      await manager.query(`UPDATE advertisement SET ${UPDATE_ASSIGNMENTS} WHERE id = $1`, values);
      await new PolicyInvalidation(manager).collections([before.collectionId, after.collectionId]);
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementUpdated, subject: id, data: after }]);
      return readView(manager, id);
    });
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const before = await lockAdvertisement(manager, id);
      await new PolicyInvalidation(manager).collections([before.collectionId]);
      await manager.query(`DELETE FROM advertisement WHERE id = $1`, [id]);
      await this.outbox.enqueue(manager, [{ type: EventTypes.advertisement.advertisementDeleted, subject: id, data: { id } }]);
    });
  }

  /** Schedule and time window, from the request over the current (or default) values. */
  private checkedFields(
    dto: UpdateAdvertisementDto,
    current: Pick<AdvertisementData, 'availableAt' | 'expiresAt' | 'mandatory'>,
  ): Pick<AdvertisementData, 'availableAt' | 'expiresAt' | 'mandatory'> {
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
    return { availableAt, expiresAt, mandatory };
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
    const [known]: { id: string }[] = await manager.query(`SELECT id FROM known_package WHERE id = $1`, [target.packageId]);
    if (!known) {
      throw unknownReference('packageId', `package ${target.packageId}`);
    }
    const [program]: { disabled: boolean }[] = await manager.query(`SELECT disabled FROM known_program WHERE package_id = $1 AND name = $2`, [
      target.packageId,
      target.program,
    ]);
    if (!program) {
      throw unknownReference('program', `program ${target.program} of package ${target.packageId}`);
    }
    if (program.disabled) {
      throw ruleViolation('program', `program ${target.program} of package ${target.packageId} is disabled`, programDisabled);
    }
  }
  if (checkCollection) {
    const [collection]: { id: string }[] = await manager.query(`SELECT id FROM known_collection WHERE id = $1`, [target.collectionId]);
    if (!collection) {
      throw unknownReference('collectionId', `collection ${target.collectionId}`);
    }
  }
}

type ViewRow = AdvertisementRow & GoneReferences;

function viewFromRow(row: ViewRow): AdvertisementView {
  const advertisement = advertisementFromRow(row);
  return { ...advertisement, ...integrityOf(advertisement, row) };
}

/** The advertisement as answered: its fields and whether what it names is still there. */
async function readView(manager: EntityManager, id: string): Promise<AdvertisementView> {
  const [row]: ViewRow[] = await manager.query(`SELECT ${ADVERTISEMENT_COLUMNS}, ${GONE_REFERENCE_COLUMNS} FROM advertisement WHERE id = $1`, [id]);
  if (!row) {
    throw advertisementNotFound(`advertisement ${id} not found`);
  }
  return viewFromRow(row);
}

async function lockAdvertisement(manager: EntityManager, id: string): Promise<AdvertisementData> {
  const [row]: AdvertisementRow[] = await manager.query(`SELECT ${ADVERTISEMENT_COLUMNS} FROM advertisement WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) {
    throw advertisementNotFound(`advertisement ${id} not found`);
  }
  return advertisementFromRow(row);
}

/** The plain fields of a PATCH body that were sent (schedule and times are checked apart). */
function definedFields(dto: UpdateAdvertisementDto): Partial<AdvertisementData> {
  const { mandatory: _mandatory, availableAt: _availableAt, expiresAt: _expiresAt, ...plain } = dto;
  return Object.fromEntries(Object.entries(plain).filter(([, value]) => value !== undefined)) as Partial<AdvertisementData>;
}
