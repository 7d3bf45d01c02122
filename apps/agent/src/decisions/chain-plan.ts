import type { PolicyAdvertisement, PolicyPackage, PolicyProgram } from '@sdp/contracts';

/** One program to run for an advertisement, dependencies first. */
export interface ChainStep {
  package: PolicyPackage;
  program: PolicyProgram;
  contentVersion: number;
  role: 'dependency' | 'advertised';
}

/** Whether a program of a package ever succeeded on this computer, under any advertisement. */
export type EverSucceeded = (packageId: string, program: string) => boolean;

/**
 * The steps in run order: each dependency (skipped when it may run only once and already
 * succeeded here), then the advertised program. Stopping at a failed step is the runner's job.
 */
export function planChain(advertisement: PolicyAdvertisement, everSucceeded: EverSucceeded): ChainStep[] {
  const steps: ChainStep[] = advertisement.dependencies
    .filter((dependency) => dependency.alwaysRunFirst || !everSucceeded(dependency.package.id, dependency.program.name))
    .map((dependency) => ({ package: dependency.package, program: dependency.program, contentVersion: dependency.contentVersion, role: 'dependency' }));
  steps.push({ package: advertisement.package, program: advertisement.program, contentVersion: advertisement.contentVersion, role: 'advertised' });
  return steps;
}

/** The longest maximum run time among the steps: the maintenance window must fit it. */
export function longestRunTimeMinutes(steps: readonly ChainStep[]): number {
  return Math.max(...steps.map((step) => step.program.maxRunTimeMinutes));
}

export function stepLabel(step: ChainStep): string {
  return `${step.package.id}:${step.program.name}`;
}
