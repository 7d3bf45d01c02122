import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventTypes, PROGRAM_DEFAULTS, ProgramData, ProgramFields } from '@sdp/contracts';
import { Outbox } from '@sdp/messaging';
import { advertisementsUsingProgram, findUsers, inUseConflict, Page, ruleViolation } from '@sdp/service';
import { DataSource, EntityManager } from 'typeorm';
import { findPackage } from '../packages/packages.service';
import { CreateProgramDto, UpdateProgramDto } from './dto/program-fields.dto';
import { ProgramEntity, toProgramData } from './program.entity';
import { describeProgram, findDependencyLoop, findRuleProblem, ProgramKey, sameProgram } from './program-rules';
import { programAlreadyExists, programDependencyLoop, programInUse, programNotFound, programUnknown } from './program.errors';

/**
 * Every program write takes this transaction-scoped lock, so two writes can never each pass the
 * loop check and together close a loop, nor delete a program another write is making a dependency.
 */
const DEPENDENCY_LOCK_KEY = 0x63617470;

@Injectable()
export class ProgramsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  async create(packageId: string, input: CreateProgramDto): Promise<ProgramData> {
    return this.dataSource.transaction((manager) => this.insert(manager, packageId, input));
  }

  /** Creates the program inside the caller's transaction (which then holds the dependency lock), with its event. */
  async insert(manager: EntityManager, packageId: string, input: CreateProgramDto): Promise<ProgramData> {
    await lockDependencies(manager);
    await findPackage(manager, packageId, true);
    if (await manager.exists(ProgramEntity, { where: { packageId, name: input.name } })) {
      throw programAlreadyExists(`package ${packageId} already has a program named ${input.name}`, [{ field: 'name', problems: ['already taken in this package'] }]);
    }
    const { name, ...given } = input;
    const fields: ProgramFields = { ...PROGRAM_DEFAULTS, ...definedFields(given), commandLine: input.commandLine };
    await this.checkRules({ packageId, name }, fields, manager);
    const now = new Date();
    const entity = manager.create(ProgramEntity, { ...toColumns(fields), packageId, name, createdAt: now, updatedAt: now });
    await manager.insert(ProgramEntity, entity);
    const data = toProgramData(entity);
    await this.outbox.enqueue(manager, [{ type: EventTypes.catalog.programCreated, subject: packageId, data }]);
    return data;
  }

  /** Disabled programs are listed too: they are withheld from clients, not hidden from administrators. */
  async list(packageId: string): Promise<Page<ProgramData>> {
    await findPackage(this.dataSource.manager, packageId);
    const rows = await this.dataSource.manager.find(ProgramEntity, { where: { packageId }, order: { name: 'ASC' } });
    return { items: rows.map(toProgramData), nextCursor: null };
  }

  async get(packageId: string, name: string): Promise<ProgramData> {
    return toProgramData(await findProgram(this.dataSource.manager, { packageId, name }));
  }

  async update(packageId: string, name: string, changes: UpdateProgramDto): Promise<ProgramData> {
    return this.dataSource.transaction(async (manager) => {
      await lockDependencies(manager);
      const entity = await findProgram(manager, { packageId, name });
      const fields: ProgramFields = { ...fieldsOf(toProgramData(entity)), ...definedFields(changes) };
      await this.checkRules({ packageId, name }, fields, manager);
      Object.assign(entity, toColumns(fields), { updatedAt: new Date() });
      await manager.save(ProgramEntity, entity);
      const data = toProgramData(entity);
      await this.outbox.enqueue(manager, [{ type: EventTypes.catalog.programUpdated, subject: packageId, data }]);
      return data;
    });
  }

  async delete(packageId: string, name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await lockDependencies(manager);
      await findProgram(manager, { packageId, name });
      const program = `program ${describeProgram({ packageId, name })}`;
      const advertisements = await advertisementsUsingProgram(manager, packageId, name);
      if (advertisements.total > 0) {
        throw inUseConflict(programInUse, 'name', program, advertisements, 'delete them or point them at another program first');
      }
      const dependents = await findUsers(
        manager,
        'programs',
        `SELECT package_id || '/' || name AS id FROM program WHERE depends_on_package_id = $1 AND depends_on_program = $2`,
        [packageId, name],
      );
      if (dependents.total > 0) {
        throw inUseConflict(programInUse, 'name', program, dependents, 'it is their dependency; change those first');
      }
      await manager.delete(ProgramEntity, { packageId, name });
      await this.outbox.enqueue(manager, [{ type: EventTypes.catalog.programDeleted, subject: packageId, data: { packageId, name } }]);
    });
  }

  private async checkRules(program: ProgramKey, fields: ProgramFields, manager: EntityManager): Promise<void> {
    const problem = findRuleProblem(fields);
    if (problem) {
      throw ruleViolation(problem.field, problem.why);
    }
    if (fields.dependsOn === null) {
      return;
    }
    const dependency: ProgramKey = { packageId: fields.dependsOn.packageId, name: fields.dependsOn.program };
    if (!sameProgram(dependency, program) && !(await manager.exists(ProgramEntity, { where: dependency }))) {
      throw ruleViolation('dependsOn', `program ${describeProgram(dependency)} does not exist`, programUnknown);
    }
    const loop = await findDependencyLoop(program, dependency, async (key) => {
      const stored = await manager.findOne(ProgramEntity, { where: key });
      return stored?.dependsOnPackageId && stored.dependsOnProgram ? { packageId: stored.dependsOnPackageId, name: stored.dependsOnProgram } : null;
    });
    if (loop) {
      throw ruleViolation('dependsOn', `dependency loop: ${loop.map(describeProgram).join(' → ')}`, programDependencyLoop);
    }
  }
}

async function lockDependencies(manager: EntityManager): Promise<void> {
  // Raw SQL: a transaction-scoped advisory lock, which the ORM has no call for.
  await manager.query('SELECT pg_advisory_xact_lock($1)', [DEPENDENCY_LOCK_KEY]);
}

async function findProgram(manager: EntityManager, key: ProgramKey): Promise<ProgramEntity> {
  const entity = await manager.findOne(ProgramEntity, { where: key });
  if (!entity) {
    throw programNotFound(`program ${describeProgram(key)} does not exist`);
  }
  return entity;
}

function fieldsOf(data: ProgramData): ProgramFields {
  const { packageId: _packageId, name: _name, createdAt: _createdAt, updatedAt: _updatedAt, ...fields } = data;
  return fields;
}

function toColumns(fields: ProgramFields): Omit<ProgramEntity, 'packageId' | 'name' | 'createdAt' | 'updatedAt'> {
  const { dependsOn, ...rest } = fields;
  return {
    ...rest,
    dependsOnPackageId: dependsOn?.packageId ?? null,
    dependsOnProgram: dependsOn?.program ?? null,
    dependsOnAlwaysRunFirst: dependsOn?.alwaysRunFirst ?? null,
  };
}

/** Fields the request left out keep their value; `null` is a value (e.g. no dependency). */
function definedFields<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
