import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTypes, MeteringRuleData } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { nextSiteId } from '@sdp/persistence';
import { decodeCursor, DEFAULT_PAGE_SIZE, isTextCursor, Page, ruleViolation, SERVICE_CONFIG, toPage } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { MeteringConfig } from '../config';
import { CreateMeteringRuleDto, UpdateMeteringRuleDto } from './dto/metering-rule.dto';
import { METERING_RULE_DEFAULTS, meteringRuleProblem, MeteringRuleFields } from './metering-rule-fields';
import { MeteringRuleEntity, toMeteringRuleData, toMeteringRuleEntity } from './metering-rule.entity';
import { meteringRuleInvalid, meteringRuleNotFound } from './metering-rule.errors';

@Injectable()
export class MeteringRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(SERVICE_CONFIG) private readonly config: MeteringConfig,
  ) {}

  async create(dto: CreateMeteringRuleDto): Promise<MeteringRuleData> {
    const fields = checked({ ...METERING_RULE_DEFAULTS, ...definedFields(dto), productName: dto.productName });
    return this.dataSource.transaction(async (manager) => {
      const now = new Date().toISOString();
      const rule: MeteringRuleData = { id: await nextSiteId(manager, 'metering-rule', this.config.SITE_CODE), ...fields, createdAt: now, updatedAt: now };
      await manager.insert(MeteringRuleEntity, toMeteringRuleEntity(rule));
      await this.outbox.enqueue(manager, [{ type: EventTypes.metering.meteringRuleCreated, subject: rule.id, data: rule }]);
      return rule;
    });
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<MeteringRuleData>> {
    const after = decodeCursor(cursor, isTextCursor);
    const query = this.dataSource.manager.createQueryBuilder(MeteringRuleEntity, 'rule').orderBy('rule.id', 'ASC').take(limit + 1);
    if (after !== undefined) {
      query.where('rule.id > :after', { after });
    }
    return toPage(await query.getMany(), limit, (rule) => rule.id, toMeteringRuleData);
  }

  async get(id: string): Promise<MeteringRuleData> {
    const rule = await this.dataSource.manager.findOneBy(MeteringRuleEntity, { id });
    if (!rule) {
      throw notFound(id);
    }
    return toMeteringRuleData(rule);
  }

  /** PATCH; enable and disable are updates of `enabled` (one event type: the rule after the change). */
  async update(id: string, dto: UpdateMeteringRuleDto): Promise<MeteringRuleData> {
    return this.dataSource.transaction(async (manager) => {
      const before = toMeteringRuleData(await lockRule(manager, id));
      const { id: _id, createdAt, updatedAt: _updatedAt, ...current } = before;
      const fields = checked({ ...current, ...definedFields(dto) });
      const after: MeteringRuleData = { id, ...fields, createdAt, updatedAt: new Date().toISOString() };
      await manager.update(MeteringRuleEntity, { id }, toMeteringRuleEntity(after));
      await this.outbox.enqueue(manager, [{ type: EventTypes.metering.meteringRuleUpdated, subject: id, data: after }]);
      return after;
    });
  }

  /** Deletes the rule and the usage recorded for it: without its rule, nothing reports it. */
  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockRule(manager, id);
      // Raw SQL: one set-based delete of every record of the rule.
      await manager.query(`DELETE FROM usage_record WHERE rule_id = $1`, [id]);
      await manager.delete(MeteringRuleEntity, { id });
      await this.outbox.enqueue(manager, [{ type: EventTypes.metering.meteringRuleDeleted, subject: id, data: { id } }]);
    });
  }
}

function checked(fields: MeteringRuleFields): MeteringRuleFields {
  const normalised: MeteringRuleFields = { ...fields, fileName: blankAsNull(fields.fileName), originalFileName: blankAsNull(fields.originalFileName) };
  const problem = meteringRuleProblem(normalised);
  if (problem) {
    throw ruleViolation(problem.field, problem.why, meteringRuleInvalid);
  }
  return normalised;
}

function blankAsNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

/** The fields a request sends (undefined: left as they are). */
function definedFields(dto: UpdateMeteringRuleDto): Partial<MeteringRuleFields> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<MeteringRuleFields>;
}

async function lockRule(manager: EntityManager, id: string): Promise<MeteringRuleEntity> {
  const rule = await manager.findOne(MeteringRuleEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!rule) {
    throw notFound(id);
  }
  return rule;
}

function notFound(id: string) {
  return meteringRuleNotFound(`metering rule ${id} not found`);
}
