import type { IContainer, IPodSecurityContext, ISecurityContext } from 'kubernetes-models/v1';
import { containersOf, PodTemplate, podTemplates } from './pod-templates';
import { KubernetesObject } from './render';

const RESOURCE_FIELDS = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'] as const;

function resourceProblems(id: string, container: IContainer): string[] {
  return RESOURCE_FIELDS.filter((field) => {
    const [bound, resource] = field.split('.') as ['requests' | 'limits', string];
    return container.resources?.[bound]?.[resource] === undefined;
  }).map((field) => `${id} container ${container.name}: no resources.${field}`);
}

/**
 * The rules of the "restricted" Pod Security Standard this repository relies on: non-root with
 * a numeric user (the kubelet cannot prove a named user is not root), no privilege escalation,
 * every capability dropped, the runtime's seccomp profile, and no service account token.
 */
function securityProblems({ id, template }: PodTemplate, container: IContainer): string[] {
  const pod: IPodSecurityContext = template.spec?.securityContext ?? {};
  const own: ISecurityContext = container.securityContext ?? {};
  const where = `${id} container ${container.name}`;
  const problems: string[] = [];
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true) problems.push(`${where}: runAsNonRoot is not true`);
  const user = own.runAsUser ?? pod.runAsUser;
  if (user === undefined || user === 0) problems.push(`${where}: no numeric non-root runAsUser`);
  if (own.allowPrivilegeEscalation !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
  if (!own.capabilities?.drop?.includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
  if ((own.seccompProfile ?? pod.seccompProfile)?.type !== 'RuntimeDefault') problems.push(`${where}: seccompProfile is not RuntimeDefault`);
  return problems;
}

/** Security context, resources and (for long-running workloads) probes of every container. */
export function findWorkloadProblems(objects: readonly KubernetesObject[]): string[] {
  return podTemplates(objects).flatMap((pod) => {
    const problems: string[] = [];
    if (pod.template.spec?.automountServiceAccountToken !== false) {
      problems.push(`${pod.id}: automountServiceAccountToken is not false`);
    }
    for (const container of containersOf(pod.template)) {
      problems.push(...securityProblems(pod, container), ...resourceProblems(pod.id, container));
      if (pod.owner.kind !== 'Job') {
        if (!container.livenessProbe) problems.push(`${pod.id} container ${container.name}: no livenessProbe`);
        if (!container.readinessProbe) problems.push(`${pod.id} container ${container.name}: no readinessProbe`);
      }
    }
    return problems;
  });
}

/**
 * True when an image names an explicit version: a digest, or a tag other than `latest`.
 * A registry port (`host:5000/name`) is not a tag.
 */
export function isPinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag !== '' && tag !== 'latest';
}

export function findImageProblems(objects: readonly KubernetesObject[]): string[] {
  return podTemplates(objects).flatMap(({ id, template }) =>
    containersOf(template)
      .filter((container) => container.image === undefined || !isPinnedImage(container.image))
      .map((container) => `${id} container ${container.name}: image ${container.image ?? '(none)'} is not pinned to a tag or digest`),
  );
}
