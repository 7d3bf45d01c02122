import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IConfigMap, IContainer, ISecret, IService } from 'kubernetes-models/v1';
import { containersOf, isWorkload, ofKind, PodTemplate, podTemplates, selects } from './pod-templates';
import { KubernetesObject, objectId } from './render';

/** A Secret or ConfigMap a container reads, and the key it reads (undefined: all of it). */
export interface SourceReference {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  key?: string;
  /** Where the reference is, for messages. */
  from: string;
  optional: boolean;
}

function containerReferences(pod: PodTemplate, container: IContainer): SourceReference[] {
  const from = `${pod.id} container ${container.name}`;
  const references: SourceReference[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      references.push({ kind: 'ConfigMap', name: source.configMapRef.name ?? '', from, optional: source.configMapRef.optional === true });
    }
    if (source.secretRef) {
      references.push({ kind: 'Secret', name: source.secretRef.name ?? '', from, optional: source.secretRef.optional === true });
    }
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const configMap = variable.valueFrom?.configMapKeyRef;
    const at = `${from} env ${variable.name}`;
    if (secret) references.push({ kind: 'Secret', name: secret.name ?? '', key: secret.key, from: at, optional: secret.optional === true });
    if (configMap) {
      references.push({ kind: 'ConfigMap', name: configMap.name ?? '', key: configMap.key, from: at, optional: configMap.optional === true });
    }
  }
  return references;
}

/** Every Secret and ConfigMap the workloads read: through env, envFrom and volumes. */
export function sourceReferences(objects: readonly KubernetesObject[]): SourceReference[] {
  return podTemplates(objects).flatMap((pod) => {
    const fromVolumes = (pod.template.spec?.volumes ?? []).flatMap((volume): SourceReference[] => {
      const from = `${pod.id} volume ${volume.name}`;
      if (volume.secret) {
        const secret = { kind: 'Secret' as const, name: volume.secret.secretName ?? '', from, optional: volume.secret.optional === true };
        // With items, exactly those keys are read; without, all of the Secret.
        return volume.secret.items?.map((item) => ({ ...secret, key: item.key })) ?? [secret];
      }
      if (volume.configMap) return [{ kind: 'ConfigMap', name: volume.configMap.name ?? '', from, optional: volume.configMap.optional === true }];
      return [];
    });
    return [...containersOf(pod.template).flatMap((container) => containerReferences(pod, container)), ...fromVolumes];
  });
}

function keysOf(object: KubernetesObject): Set<string> {
  const source = object as unknown as Pick<ISecret, 'data' | 'stringData'> & Pick<IConfigMap, 'binaryData'>;
  return new Set([...Object.keys(source.data ?? {}), ...Object.keys(source.stringData ?? {}), ...Object.keys(source.binaryData ?? {})]);
}

/**
 * References to Secrets and ConfigMaps that are not rendered or lack the key. Secrets are looked
 * for only when `secretsRendered`: in production the operator creates them.
 */
export function findReferenceProblems(objects: readonly KubernetesObject[], options: { secretsRendered: boolean }): string[] {
  const byKindAndName = new Map(objects.map((object) => [`${object.kind}/${object.metadata.name}`, object]));
  return sourceReferences(objects).flatMap((reference) => {
    if (reference.kind === 'Secret' && !options.secretsRendered) return [];
    const target = byKindAndName.get(`${reference.kind}/${reference.name}`);
    if (!target) return reference.optional ? [] : [`${reference.from}: ${reference.kind} ${reference.name} does not exist`];
    if (reference.key !== undefined && !keysOf(target).has(reference.key)) {
      return reference.optional ? [] : [`${reference.from}: ${reference.kind} ${reference.name} has no key ${reference.key}`];
    }
    return [];
  });
}

/** Services, PodDisruptionBudgets and NetworkPolicies that select no pod; autoscalers without a target. */
export function findSelectorProblems(objects: readonly KubernetesObject[]): string[] {
  const pods = podTemplates(objects);
  const podsSelectedBy = (selector: Record<string, string> | undefined): PodTemplate[] =>
    pods.filter((pod) => selects(selector, pod.template.metadata?.labels));
  const problems: string[] = [];
  for (const service of ofKind<IService>(objects, 'Service')) {
    const selected = podsSelectedBy(service.spec?.selector);
    if (selected.length === 0) problems.push(`${objectId(service)}: selects no pod`);
    for (const port of service.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      const served = selected.some((pod) =>
        containersOf(pod.template).some((container) =>
          (container.ports ?? []).some((containerPort) => containerPort.name === target || containerPort.containerPort === target),
        ),
      );
      if (selected.length > 0 && !served) problems.push(`${objectId(service)}: no selected container has port ${target}`);
    }
  }
  for (const budget of ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget')) {
    if (podsSelectedBy(budget.spec?.selector?.matchLabels).length === 0) problems.push(`${objectId(budget)}: selects no pod`);
  }
  for (const policy of ofKind<INetworkPolicy>(objects, 'NetworkPolicy')) {
    if (podsSelectedBy(policy.spec?.podSelector?.matchLabels).length === 0) problems.push(`${objectId(policy)}: selects no pod`);
  }
  for (const autoscaler of ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler')) {
    const target = autoscaler.spec?.scaleTargetRef;
    if (!objects.some((object) => isWorkload(object) && object.kind === target?.kind && object.metadata.name === target?.name)) {
      problems.push(`${objectId(autoscaler)}: scale target ${target?.kind}/${target?.name} does not exist`);
    }
  }
  return problems;
}

/** Objects outside the namespace (every object but the Namespace itself must be in it). */
export function findNamespaceProblems(objects: readonly KubernetesObject[], namespace: string): string[] {
  return objects
    .filter((object) => object.kind !== 'Namespace' && object.metadata.namespace !== namespace)
    .map((object) => `${objectId(object)}: in namespace ${object.metadata.namespace ?? '(none)'}, not ${namespace}`);
}
