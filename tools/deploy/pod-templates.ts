import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import type { IJob } from 'kubernetes-models/batch/v1';
import type { IContainer, IPodTemplateSpec } from 'kubernetes-models/v1';
import { KubernetesObject, objectId } from './render';

/** A workload's pod template, with the object it belongs to. */
export interface PodTemplate {
  owner: KubernetesObject;
  /** `Kind/name` of the owner. */
  id: string;
  template: IPodTemplateSpec;
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'Job']);

export function isWorkload(object: KubernetesObject): boolean {
  return WORKLOAD_KINDS.has(object.kind);
}

/** Every pod template of Deployments, StatefulSets and Jobs. */
export function podTemplates(objects: readonly KubernetesObject[]): PodTemplate[] {
  return objects.filter(isWorkload).flatMap((owner) => {
    const workload = owner as unknown as IDeployment | IStatefulSet | IJob;
    const template = workload.spec?.template;
    return template ? [{ owner, id: objectId(owner), template }] : [];
  });
}

/** Init containers and containers of a pod template. */
export function containersOf(template: IPodTemplateSpec): IContainer[] {
  return [...(template.spec?.initContainers ?? []), ...(template.spec?.containers ?? [])];
}

export function ofKind<T>(objects: readonly KubernetesObject[], kind: string): (KubernetesObject & T)[] {
  return objects.filter((object) => object.kind === kind) as (KubernetesObject & T)[];
}

/** True when every label of the selector is on the pod (matchLabels only; expressions are not used here). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  const wanted = Object.entries(selector ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}
