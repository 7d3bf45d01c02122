import { DEFAULT_RETRY_SETTINGS, PROGRAM_DEFAULTS, type PolicyAdvertisement, type PolicyDependency, type PolicyPackage, type PolicyProgram } from '@sdp/contracts';

export function aPackage(overrides: Partial<PolicyPackage> = {}): PolicyPackage {
  return {
    id: 'S0100001',
    name: 'Demo',
    version: '1.0',
    sourceVersion: 1,
    manifestDigest: null,
    hasSource: true,
    persistInCache: false,
    sizeBytes: 1000,
    ...overrides,
  };
}

export function aProgram(overrides: Partial<PolicyProgram> = {}): PolicyProgram {
  return { packageId: 'S0100001', name: 'Install', commandLine: 'true', ...PROGRAM_DEFAULTS, ...overrides };
}

export function aDependency(packageId: string, name: string, alwaysRunFirst: boolean): PolicyDependency {
  return {
    package: aPackage({ id: packageId, name: `package ${packageId}` }),
    program: aProgram({ packageId, name }),
    alwaysRunFirst,
    contentVersion: 1,
    contentReady: true,
  };
}

export function anAdvertisement(overrides: Partial<PolicyAdvertisement> = {}): PolicyAdvertisement {
  return {
    advertisementId: 'S0100009',
    name: 'Roll out demo',
    comment: '',
    priority: 'medium',
    package: aPackage(),
    program: aProgram(),
    dependencies: [],
    contentVersion: 1,
    contentReady: true,
    network: 'fast',
    availableAt: '2026-01-01T00:00:00.000Z',
    expiresAt: null,
    mandatory: [{ type: 'asap' }],
    rerun: 'if-failed',
    fastNetwork: 'download',
    slowNetwork: 'do-not-run',
    allowFallbackToUnprotected: false,
    ignoreMaintenanceWindows: false,
    allowRestartOutsideWindows: false,
    allowUserToRunIndependently: true,
    retry: { ...DEFAULT_RETRY_SETTINGS },
    retryGeneration: 0,
    rerunGeneration: 0,
    ...overrides,
  };
}
