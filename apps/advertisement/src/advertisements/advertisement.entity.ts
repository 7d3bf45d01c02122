import type { AdvertisementData, MandatoryAssignmentData, RetrySettingsData } from '@sdp/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('advertisement')
export class AdvertisementEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  comment!: string;

  @Column('text')
  packageId!: string;

  @Column('text')
  program!: string;

  @Column('text')
  collectionId!: string;

  @Column('boolean')
  includeSubcollections!: boolean;

  @Column('timestamptz')
  availableAt!: Date;

  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('jsonb')
  mandatory!: MandatoryAssignmentData[];

  @Column('text')
  rerun!: AdvertisementData['rerun'];

  @Column('text')
  fastNetwork!: AdvertisementData['fastNetwork'];

  @Column('text')
  slowNetwork!: AdvertisementData['slowNetwork'];

  @Column('boolean')
  allowFallbackToUnprotected!: boolean;

  @Column('boolean')
  ignoreMaintenanceWindows!: boolean;

  @Column('boolean')
  allowRestartOutsideWindows!: boolean;

  @Column('boolean')
  allowUserToRunIndependently!: boolean;

  @Column('text')
  priority!: AdvertisementData['priority'];

  @Column('boolean')
  enabled!: boolean;

  @Column('jsonb')
  retry!: RetrySettingsData;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}

/** The advertisement as the API answers and the events carry it, fields in that order. */
export function toAdvertisementData(entity: AdvertisementEntity): AdvertisementData {
  return {
    id: entity.id,
    name: entity.name,
    comment: entity.comment,
    packageId: entity.packageId,
    program: entity.program,
    collectionId: entity.collectionId,
    includeSubcollections: entity.includeSubcollections,
    availableAt: entity.availableAt.toISOString(),
    expiresAt: entity.expiresAt?.toISOString() ?? null,
    mandatory: entity.mandatory,
    rerun: entity.rerun,
    fastNetwork: entity.fastNetwork,
    slowNetwork: entity.slowNetwork,
    allowFallbackToUnprotected: entity.allowFallbackToUnprotected,
    ignoreMaintenanceWindows: entity.ignoreMaintenanceWindows,
    allowRestartOutsideWindows: entity.allowRestartOutsideWindows,
    allowUserToRunIndependently: entity.allowUserToRunIndependently,
    priority: entity.priority,
    enabled: entity.enabled,
    retry: entity.retry,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

/** The row of an advertisement the service decided on (and publishes as it is). */
export function toAdvertisementEntity(data: AdvertisementData): AdvertisementEntity {
  return {
    ...data,
    availableAt: new Date(data.availableAt),
    expiresAt: data.expiresAt === null ? null : new Date(data.expiresAt),
    createdAt: new Date(data.createdAt),
    updatedAt: new Date(data.updatedAt),
  };
}
