import { DistributionPointDeletedData, DistributionPointData } from './distribution-point.schema';
import { DistributionPointGroupData, DistributionPointGroupDeletedData } from './distribution-point-group.schema';

export const distributionPointExample: DistributionPointData = {
  name: 'dp-berlin-1',
  description: 'Berlin office',
  endpoint: 'http://minio-berlin.internal:9000',
  publicEndpoint: 'https://dp-berlin.example.com',
  bucket: 'sdp-dp-berlin',
  region: 'us-east-1',
  siteCode: 'S01',
  boundaries: ['10.1.0.0/16', 'fd00:1::/64'],
  protected: false,
  enabled: true,
  maxConcurrentTransfers: 8,
  rateLimitBytesPerSec: null,
  createdAt: '2026-03-01T08:00:00Z',
  updatedAt: '2026-03-01T08:00:00Z',
};

export const distributionPointDeletedExample: DistributionPointDeletedData = { name: 'dp-berlin-1' };

export const distributionPointGroupExample: DistributionPointGroupData = {
  name: 'europe',
  description: 'Every distribution point in Europe',
  members: ['dp-berlin-1', 'dp-paris-1'],
  createdAt: '2026-03-01T08:10:00Z',
  updatedAt: '2026-03-01T08:10:00Z',
};

export const distributionPointGroupDeletedExample: DistributionPointGroupDeletedData = { name: 'europe' };
