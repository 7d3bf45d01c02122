import type { IDeployment } from 'kubernetes-models/apps/v1';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import type { IContainer, IProbe, IService } from 'kubernetes-models/v1';
import { containerEnvironment } from './environment';
import { ofKind, selects } from './pod-templates';
import { KubernetesObject } from './render';

export interface ExpectedService {
  port: number;
  /** What readiness checks: /health/ready (dependencies answer) unless the app has no dependency to wait for. */
  readinessPath?: string;
  /** Serves Prometheus metrics on its port, so its pods must carry the scrape annotations (default true). */
  metrics?: boolean;
}

export interface ServiceExpectations {
  services: Readonly<Record<string, ExpectedService>>;
  /** Replicas each service runs at least (an autoscaler's minimum where one owns the count). */
  minReplicas: number;
}

function probeProblems(where: string, name: string, probe: IProbe | undefined, path: string, port: number): string[] {
  const httpGet = probe?.httpGet;
  if (!httpGet) return [`${where}: ${name} is not an HTTP GET`];
  const problems: string[] = [];
  if (httpGet.path !== path) problems.push(`${where}: ${name} checks ${httpGet.path}, not ${path}`);
  if (httpGet.port !== 'http' && httpGet.port !== port) problems.push(`${where}: ${name} checks port ${httpGet.port}, not ${port}`);
  return problems;
}

function containerProblems(objects: readonly KubernetesObject[], deployment: IDeployment, container: IContainer, expected: ExpectedService): string[] {
  const { port, readinessPath = '/health/ready' } = expected;
  const where = `Deployment/${deployment.metadata?.name} container ${container.name}`;
  const problems: string[] = [];
  if (!(container.ports ?? []).some((containerPort) => containerPort.name === 'http' && containerPort.containerPort === port)) {
    problems.push(`${where}: no port named http on ${port}`);
  }
  const portVariable = containerEnvironment(objects, container).get('PORT');
  if (portVariable?.source !== 'value' || portVariable.value !== String(port)) {
    problems.push(`${where}: PORT is not set to ${port}`);
  }
  problems.push(
    ...probeProblems(where, 'livenessProbe', container.livenessProbe, '/health/live', port),
    ...probeProblems(where, 'readinessProbe', container.readinessProbe, readinessPath, port),
  );
  if (container.securityContext?.readOnlyRootFilesystem !== true) problems.push(`${where}: root filesystem is not read-only`);
  const tmp = (container.volumeMounts ?? []).find((mount) => mount.mountPath === '/tmp');
  const tmpVolume = deployment.spec?.template.spec?.volumes?.find((volume) => volume.name === tmp?.name);
  if (!tmpVolume?.emptyDir) problems.push(`${where}: /tmp is not an emptyDir`);
  return problems;
}

function replicaProblems(objects: readonly KubernetesObject[], deployment: IDeployment, minReplicas: number): string[] {
  const name = deployment.metadata?.name;
  const autoscaler = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').find(
    (candidate) => candidate.spec?.scaleTargetRef.kind === 'Deployment' && candidate.spec.scaleTargetRef.name === name,
  );
  if (autoscaler) {
    const problems: string[] = [];
    if (deployment.spec?.replicas !== undefined) problems.push(`Deployment/${name}: sets replicas though an autoscaler owns the count`);
    if ((autoscaler.spec?.minReplicas ?? 1) < minReplicas) problems.push(`Deployment/${name}: autoscaler minimum below ${minReplicas}`);
    return problems;
  }
  return (deployment.spec?.replicas ?? 1) < minReplicas ? [`Deployment/${name}: fewer than ${minReplicas} replicas`] : [];
}

function companionProblems(objects: readonly KubernetesObject[], name: string, labels: Record<string, string> | undefined, port: number): string[] {
  const problems: string[] = [];
  const service = ofKind<IService>(objects, 'Service').find((candidate) => candidate.metadata.name === name);
  if (!service?.spec?.ports?.some((servicePort) => servicePort.port === port)) problems.push(`Service/${name}: missing or not on port ${port}`);
  if (!ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').some((budget) => selects(budget.spec?.selector?.matchLabels, labels))) {
    problems.push(`Deployment/${name}: no PodDisruptionBudget`);
  }
  const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').filter((policy) => selects(policy.spec?.podSelector?.matchLabels, labels));
  const types = new Set(policies.flatMap((policy) => policy.spec?.policyTypes ?? []));
  if (!types.has('Ingress') || !types.has('Egress')) problems.push(`Deployment/${name}: no NetworkPolicy restricting both ingress and egress`);
  const ingressPorts = policies.flatMap((policy) => (policy.spec?.ingress ?? []).flatMap((rule) => rule.ports ?? []));
  if (!ingressPorts.some((rulePort) => rulePort.port === port || rulePort.port === 'http')) {
    problems.push(`Deployment/${name}: no NetworkPolicy admits its port ${port}`);
  }
  return problems;
}

/**
 * What every service (and the console) needs: its Deployment with the documented port, health
 * probes, a read-only root with an emptyDir /tmp, enough replicas, Prometheus scrape annotations
 * where it serves metrics, and its Service, PodDisruptionBudget and NetworkPolicy.
 */
export function findServiceProblems(objects: readonly KubernetesObject[], expectations: ServiceExpectations): string[] {
  const deployments = ofKind<IDeployment>(objects, 'Deployment');
  return Object.entries(expectations.services).flatMap(([name, expected]) => {
    const { port, metrics = true } = expected;
    const deployment = deployments.find((candidate) => candidate.metadata.name === name);
    if (!deployment) return [`Deployment/${name}: missing`];
    const template = deployment.spec?.template;
    const container = template?.spec?.containers.find((candidate) => candidate.name === name);
    if (!container) return [`Deployment/${name}: no container named ${name}`];
    const problems = [...containerProblems(objects, deployment, container, expected), ...replicaProblems(objects, deployment, expectations.minReplicas)];
    const annotations = template?.metadata?.annotations ?? {};
    if (metrics && (annotations['prometheus.io/scrape'] !== 'true' || annotations['prometheus.io/port'] !== String(port))) {
      problems.push(`Deployment/${name}: pods are not annotated for Prometheus on port ${port}`);
    }
    return [...problems, ...companionProblems(objects, name, template?.metadata?.labels, port)];
  });
}
