import { programFixture } from '../test-support/fixtures';

const programExample = programFixture({ packageId: 'S0100001', name: 'Install', platforms: [{ os: 'windows', arch: 'x64', minVersion: '10.0.19041' }] });
import { ApplicabilityInput, evaluateApplicability, membershipPath } from './applicability';

const now = new Date('2026-06-01T12:00:00Z');
const windows = { name: 'windows', version: '10.0.19045', arch: 'x64' } as const;

function input(overrides: Partial<ApplicabilityInput> = {}, advertisement: Partial<ApplicabilityInput['advertisement']> = {}): ApplicabilityInput {
  return {
    advertisement: {
      collectionId: 'S0100003',
      includeSubcollections: true,
      enabled: true,
      availableAt: '2026-05-01T00:00:00Z',
      expiresAt: null,
      packageId: 'S0100001',
      program: 'Install',
      ...advertisement,
    },
    membership: 'direct',
    clientOs: windows,
    packageKnown: true,
    program: programExample,
    chain: { links: [], problem: null },
    now,
    ...overrides,
  };
}

describe('evaluateApplicability', () => {
  it('applies when every condition holds', () => {
    const result = evaluateApplicability(input());
    expect(result).toMatchObject({ applies: true, excludedBy: null });
    expect(result.checks.every((check) => check.passed)).toBe(true);
  });

  it.each([
    ['member', input({ membership: 'none' })],
    ['enabled', input({}, { enabled: false })],
    ['available', input({}, { availableAt: '2026-06-02T00:00:00Z' })],
    ['not-expired', input({}, { expiresAt: '2026-06-01T12:00:00Z' })],
    ['package-known', input({ packageKnown: false })],
    ['program-enabled', input({ program: { ...programExample, disabled: true } })],
    ['program-enabled', input({ program: undefined, chain: undefined })],
    ['dependencies', input({ chain: { links: [], problem: 'dependency S0100009:Setup is disabled' } })],
    ['platform', input({ clientOs: { name: 'linux', version: '6.1', arch: 'x64' } })],
    ['platform', input({ clientOs: undefined })],
    ['rollout-phase', input({ rollout: { phase: 2, openPhases: 1, phases: 3, cancelled: false } })],
    ['rollout-phase', input({ rollout: { phase: 1, openPhases: 0, phases: 3, cancelled: false } })],
    ['rollout-phase', input({ rollout: { phase: 1, openPhases: 3, phases: 3, cancelled: true } })],
  ])('is excluded by %s', (condition, given) => {
    const result = evaluateApplicability(given);
    expect(result.applies).toBe(false);
    expect(result.excludedBy).toBe(condition);
  });

  it('is available from availableAt on and expires exactly at expiresAt', () => {
    expect(evaluateApplicability(input({}, { availableAt: now.toISOString() })).applies).toBe(true);
    expect(evaluateApplicability(input({}, { expiresAt: new Date(now.getTime() + 1).toISOString() })).applies).toBe(true);
  });

  it('offers a phased advertisement to clients of open phases, saying where the client stands', () => {
    const result = evaluateApplicability(input({ rollout: { phase: 2, openPhases: 2, phases: 3, cancelled: false } }));
    expect(result.applies).toBe(true);
    expect(result.checks.at(-1)).toEqual({ condition: 'rollout-phase', passed: true, detail: 'in phase 2 of 3; phases 1–2 are open' });
    expect(evaluateApplicability(input()).checks.map((check) => check.condition)).not.toContain('rollout-phase');
  });

  it('offers a program for Linux on any architecture to Linux clients of every architecture only', () => {
    const program = { ...programExample, platforms: [{ os: 'linux' as const, arch: 'any' as const }] };
    const arm = evaluateApplicability(input({ program, clientOs: { name: 'linux', version: '6.1', arch: 'arm64' } }));
    expect(arm.applies).toBe(true);
    expect(arm.checks.find((check) => check.condition === 'platform')?.detail).toBe('linux/arm64 6.1 matches linux/any');
    expect(evaluateApplicability(input({ program, clientOs: { name: 'linux', version: '6.1', arch: 'x86' } })).applies).toBe(true);
    expect(evaluateApplicability(input({ program, clientOs: { name: 'windows', version: '10.0.19045', arch: 'x64' } })).excludedBy).toBe('platform');
  });

  it('does not need the client OS for a program that runs anywhere', () => {
    expect(evaluateApplicability(input({ clientOs: undefined, program: { ...programExample, platforms: 'any' } })).applies).toBe(true);
  });
});

describe('membershipPath', () => {
  const advertisement = { collectionId: 'S0100003', includeSubcollections: true };

  it('finds direct membership first', () => {
    expect(membershipPath(advertisement, new Set(['S0100003']), new Set())).toBe('direct');
  });

  it('reaches the collection through a subcollection only when included', () => {
    expect(membershipPath(advertisement, new Set(['S0100004']), new Set(['S0100003']))).toBe('subcollection');
    expect(membershipPath({ ...advertisement, includeSubcollections: false }, new Set(['S0100004']), new Set(['S0100003']))).toBe('none');
  });
});
