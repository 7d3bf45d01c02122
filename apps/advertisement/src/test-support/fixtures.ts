import { DEFAULT_RETRY_SETTINGS, PROGRAM_DEFAULTS, type AdvertisementData, type ClientData, type CollectionData, type DistributionPointData, type PackageData, type ProgramData } from '@sdp/contracts';

/** Complete, valid event data with sensible values; tests override what they care about. */
export function packageFixture(overrides: Partial<PackageData> & Pick<PackageData, 'id'>): PackageData {
  return {
    name: `Package ${overrides.id}`,
    version: '1.0',
    manufacturer: 'Contoso',
    language: 'English',
    description: '',
    priority: 'medium',
    persistInCache: false,
    hasSource: true,
    sourceVersion: 0,
    manifestDigest: null,
    sourceDate: null,
    sizeBytes: 0,
    fileCount: 0,
    sourceLocation: null,
    sourceRefreshMinutes: null,
    createdAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
    ...overrides,
  };
}

export function programFixture(overrides: Partial<ProgramData> & Pick<ProgramData, 'packageId' | 'name'>): ProgramData {
  return {
    commandLine: 'setup.exe /quiet',
    ...PROGRAM_DEFAULTS,
    runWindow: 'hidden',
    createdAt: '2026-03-01T08:05:00Z',
    updatedAt: '2026-03-01T08:05:00Z',
    ...overrides,
  };
}

export function clientFixture(overrides: Partial<ClientData> & Pick<ClientData, 'id'>): ClientData {
  return {
    name: `host-${overrides.id.slice(0, 8)}`,
    hardwareId: `hw-${overrides.id}`,
    domain: 'corp',
    os: { name: 'windows', version: '10.0.19045', arch: 'x64' },
    siteCode: 'S01',
    ipAddresses: ['10.1.2.3'],
    inventory: {},
    approved: true,
    blocked: false,
    registeredAt: '2026-03-01T08:00:00Z',
    lastSeenAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
    ...overrides,
  };
}

export function collectionFixture(overrides: Partial<CollectionData> & Pick<CollectionData, 'id'>): CollectionData {
  return {
    name: `Collection ${overrides.id}`,
    comment: '',
    builtIn: false,
    limitingCollectionId: 'SMS00001',
    parentCollectionId: null,
    rules: [],
    refresh: { incremental: true, fullEveryMinutes: 1440 },
    maintenanceWindows: [],
    createdAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
    ...overrides,
  };
}

export function distributionPointFixture(overrides: Partial<DistributionPointData> & Pick<DistributionPointData, 'name'>): DistributionPointData {
  return {
    description: '',
    endpoint: 'http://127.0.0.1:9101',
    publicEndpoint: 'http://127.0.0.1:9101',
    bucket: 'sdp-dp-test',
    region: 'us-east-1',
    siteCode: 'S01',
    boundaries: ['10.1.0.0/16'],
    protected: false,
    enabled: true,
    maxConcurrentTransfers: 8,
    rateLimitBytesPerSec: null,
    createdAt: '2026-03-01T08:00:00Z',
    updatedAt: '2026-03-01T08:00:00Z',
    ...overrides,
  };
}

export function advertisementFixture(overrides: Partial<AdvertisementData> & Pick<AdvertisementData, 'id' | 'collectionId' | 'packageId'>): AdvertisementData {
  return {
    name: `Advertisement ${overrides.id}`,
    comment: '',
    program: 'Install',
    includeSubcollections: true,
    availableAt: '2026-03-02T10:00:00Z',
    expiresAt: null,
    mandatory: [],
    rerun: 'if-failed',
    fastNetwork: 'download',
    slowNetwork: 'do-not-run',
    allowFallbackToUnprotected: false,
    ignoreMaintenanceWindows: false,
    allowRestartOutsideWindows: false,
    allowUserToRunIndependently: true,
    priority: 'medium',
    enabled: true,
    retry: { ...DEFAULT_RETRY_SETTINGS },
    createdAt: '2026-03-02T09:30:00Z',
    updatedAt: '2026-03-02T09:30:00Z',
    ...overrides,
  };
}
