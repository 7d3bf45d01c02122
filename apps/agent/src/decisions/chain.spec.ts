import { aDependency, anAdvertisement } from '../test-support/policy-fixtures';
import { ChainStep, longestRunTimeMinutes, planChain, stepLabel } from './chain-plan';
import { runChain, StepResult } from './chain-runner';

describe('dependency chains', () => {
  const advertisement = anAdvertisement({
    dependencies: [aDependency('S0100002', 'Runtime', false), aDependency('S0100003', 'Config', true)],
  });

  it('runs dependencies first in policy order, then the advertised program', () => {
    expect(planChain(advertisement, () => false).map(stepLabel)).toEqual(['S0100002:Runtime', 'S0100003:Config', 'S0100001:Install']);
  });

  it('skips a run-once dependency that already succeeded here, never an always-run-first one', () => {
    const succeeded = new Set(['S0100002:Runtime', 'S0100003:Config']);
    const steps = planChain(advertisement, (packageId, program) => succeeded.has(`${packageId}:${program}`));
    expect(steps.map(stepLabel)).toEqual(['S0100003:Config', 'S0100001:Install']);
  });

  it('a failed dependency stops the chain with its result', async () => {
    const ran: string[] = [];
    const outcomes: Record<string, StepResult> = {
      'S0100002:Runtime': { outcome: 'SUCCEEDED', exitCode: 0, detail: null },
      'S0100003:Config': { outcome: 'FAILED', exitCode: 2, detail: 'config failed' },
    };
    const chain = await runChain(planChain(advertisement, () => false), async (step: ChainStep) => {
      ran.push(stepLabel(step));
      return outcomes[stepLabel(step)] ?? { outcome: 'SUCCEEDED', exitCode: 0, detail: null };
    });
    expect(ran).toEqual(['S0100002:Runtime', 'S0100003:Config']);
    expect(chain.stoppedAt && stepLabel(chain.stoppedAt)).toBe('S0100003:Config');
    expect(chain.result).toEqual({ outcome: 'FAILED', exitCode: 2, detail: 'config failed' });
  });

  it('a dependency pending a reboot counts as success and the chain goes on', async () => {
    const chain = await runChain(planChain(advertisement, () => false), async (step) =>
      step.role === 'dependency' ? { outcome: 'REBOOT_PENDING', exitCode: 3010, detail: null } : { outcome: 'FAILED', exitCode: 1, detail: 'own failure' },
    );
    expect(chain.stoppedAt).toBeUndefined();
    expect(chain.result.detail).toBe('own failure');
  });

  it('the window must fit the longest program of the chain', () => {
    const steps = planChain(
      anAdvertisement({ dependencies: [{ ...aDependency('S0100002', 'Long', true), program: { ...aDependency('S0100002', 'Long', true).program, maxRunTimeMinutes: 300 } }] }),
      () => false,
    );
    expect(longestRunTimeMinutes(steps)).toBe(300);
  });
});
