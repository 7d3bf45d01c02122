import { DistributionPointData, DistributionPointGroupData } from '@sdp/contracts';
import { DistributionPointGroupEntity } from './distribution-point-group.entity';
import { DistributionPointEntity } from './distribution-point.entity';

/** The event and default API shape: everything but the credentials. */
export function toDistributionPointData(dp: DistributionPointEntity): DistributionPointData {
  return {
    name: dp.name,
    description: dp.description ?? '',
    endpoint: dp.endpoint,
    publicEndpoint: dp.publicEndpoint,
    bucket: dp.bucket,
    region: dp.region,
    siteCode: dp.siteCode,
    boundaries: dp.boundaries,
    protected: dp.protected,
    enabled: dp.enabled,
    maxConcurrentTransfers: dp.maxConcurrentTransfers,
    rateLimitBytesPerSec: dp.rateLimitBytesPerSec,
    createdAt: dp.createdAt.toISOString(),
    updatedAt: dp.updatedAt.toISOString(),
  };
}

/** The API adds the access key (an identifier, not a secret); the secret key is never returned. */
export function toDistributionPointView(dp: DistributionPointEntity): DistributionPointData & { accessKey: string } {
  return { ...toDistributionPointData(dp), accessKey: dp.accessKey };
}

export function toGroupData(group: DistributionPointGroupEntity): DistributionPointGroupData {
  return {
    name: group.name,
    description: group.description ?? '',
    members: group.members,
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}
