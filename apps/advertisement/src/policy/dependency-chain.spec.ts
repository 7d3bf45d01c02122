import type { ProgramData } from '@sdp/contracts';
import { programFixture } from '../test-support/fixtures';
import { resolveDependencyChain } from './dependency-chain';

function program(packageId: string, name: string, dependsOn: ProgramData['dependsOn'] = null, disabled = false): ProgramData {
  return programFixture({ packageId, name, dependsOn, disabled });
}

function lookupOf(programs: ProgramData[]) {
  return (packageId: string, name: string) => programs.find((entry) => entry.packageId === packageId && entry.name === name);
}

describe('resolveDependencyChain', () => {
  it('lists dependencies in run order, deepest first', () => {
    const runtime = program('S0100002', 'Runtime');
    const framework = program('S0100003', 'Framework', { packageId: 'S0100002', program: 'Runtime', alwaysRunFirst: false });
    const app = program('S0100001', 'Install', { packageId: 'S0100003', program: 'Framework', alwaysRunFirst: true });
    const chain = resolveDependencyChain(app, lookupOf([runtime, framework]));
    expect(chain.problem).toBeNull();
    expect(chain.links.map((link) => [link.program.name, link.alwaysRunFirst])).toEqual([
      ['Runtime', false],
      ['Framework', true],
    ]);
  });

  it('stops at an unknown or disabled dependency', () => {
    const app = program('S0100001', 'Install', { packageId: 'S0100002', program: 'Runtime', alwaysRunFirst: true });
    expect(resolveDependencyChain(app, lookupOf([])).problem).toContain('unknown');
    expect(resolveDependencyChain(app, lookupOf([program('S0100002', 'Runtime', null, true)])).problem).toContain('disabled');
  });

  it('stops at a cycle instead of looping', () => {
    const a = program('S0100001', 'A', { packageId: 'S0100002', program: 'B', alwaysRunFirst: true });
    const b = program('S0100002', 'B', { packageId: 'S0100001', program: 'A', alwaysRunFirst: true });
    expect(resolveDependencyChain(a, lookupOf([a, b])).problem).toContain('cycle');
  });
});
