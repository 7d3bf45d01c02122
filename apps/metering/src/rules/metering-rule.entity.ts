import type { MeteringRuleData, PlatformData } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('metering_rule')
export class MeteringRuleEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  productName!: string;

  @Column('text', { nullable: true })
  fileName!: string | null;

  @Column('text', { nullable: true })
  originalFileName!: string | null;

  @Column('text')
  fileVersion!: string;

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('text', { nullable: true })
  installedSoftwareName!: string | null;

  @Column('jsonb')
  platforms!: 'any' | PlatformData[];

  @Column('text', { nullable: true })
  site!: string | null;

  @Column('integer')
  licencesOwned!: number;

  @Column('boolean')
  enabled!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}

export function toMeteringRuleData(entity: MeteringRuleEntity): MeteringRuleData {
  return {
    id: entity.id,
    productName: entity.productName,
    fileName: entity.fileName,
    originalFileName: entity.originalFileName,
    fileVersion: entity.fileVersion,
    language: entity.language,
    installedSoftwareName: entity.installedSoftwareName,
    platforms: entity.platforms,
    site: entity.site,
    licencesOwned: entity.licencesOwned,
    enabled: entity.enabled,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

export function toMeteringRuleEntity(rule: MeteringRuleData): MeteringRuleEntity {
  return Object.assign(new MeteringRuleEntity(), { ...rule, createdAt: new Date(rule.createdAt), updatedAt: new Date(rule.updatedAt) });
}
