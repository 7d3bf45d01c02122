import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlatformData, ProgramData } from '@sdp/contracts';

@Entity('program')
export class ProgramEntity {
  @PrimaryColumn('text')
  packageId!: string;

  @PrimaryColumn('text')
  name!: string;

  @Column('text')
  commandLine!: string;

  @Column('text')
  workingDirectory!: string;

  @Column('text')
  runWindow!: ProgramData['runWindow'];

  @Column('text')
  afterRunning!: ProgramData['afterRunning'];

  @Column('text')
  category!: string;

  @Column('integer', { nullable: true })
  estimatedDiskSpaceMb!: number | null;

  @Column('integer')
  maxRunTimeMinutes!: number;

  @Column('jsonb')
  platforms!: 'any' | PlatformData[];

  @Column('text')
  runWhen!: ProgramData['runWhen'];

  @Column('text')
  runAs!: ProgramData['runAs'];

  @Column('boolean')
  allowUserInteraction!: boolean;

  @Column('text')
  runOncePer!: ProgramData['runOncePer'];

  @Column('text', { nullable: true })
  dependsOnPackageId!: string | null;

  @Column('text', { nullable: true })
  dependsOnProgram!: string | null;

  @Column('boolean', { nullable: true })
  dependsOnAlwaysRunFirst!: boolean | null;

  @Column('boolean')
  suppressNotifications!: boolean;

  @Column('boolean')
  disabled!: boolean;

  @Column('jsonb')
  successExitCodes!: number[];

  @Column('jsonb')
  rebootExitCodes!: number[];

  @Column('jsonb')
  retryExitCodes!: number[];

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}

export function toProgramData(entity: ProgramEntity): ProgramData {
  return {
    packageId: entity.packageId,
    name: entity.name,
    commandLine: entity.commandLine,
    workingDirectory: entity.workingDirectory,
    runWindow: entity.runWindow,
    afterRunning: entity.afterRunning,
    category: entity.category,
    estimatedDiskSpaceMb: entity.estimatedDiskSpaceMb,
    maxRunTimeMinutes: entity.maxRunTimeMinutes,
    platforms: entity.platforms,
    runWhen: entity.runWhen,
    runAs: entity.runAs,
    allowUserInteraction: entity.allowUserInteraction,
    runOncePer: entity.runOncePer,
    dependsOn:
      entity.dependsOnPackageId !== null && entity.dependsOnProgram !== null
        ? { packageId: entity.dependsOnPackageId, program: entity.dependsOnProgram, alwaysRunFirst: entity.dependsOnAlwaysRunFirst ?? false }
        : null,
    suppressNotifications: entity.suppressNotifications,
    disabled: entity.disabled,
    successExitCodes: entity.successExitCodes,
    rebootExitCodes: entity.rebootExitCodes,
    retryExitCodes: entity.retryExitCodes,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}
