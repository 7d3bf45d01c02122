import { Deployment, IDeployment, IStatefulSet, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler, IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { IJob, Job } from 'kubernetes-models/batch/v1';
import { INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { IPodDisruptionBudget, PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, IConfigMap, INamespace, ISecret, IService, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { KubernetesObject, objectId } from './render';
import { STRIMZI_KINDS, validateStrimziObject } from './strimzi-schemas';

interface Validating {
  validate(): void;
}

/**
 * The schema of every kind deploy/ uses, by `apiVersion/kind`, from the Kubernetes OpenAPI
 * definitions kubernetes-models ships, and for Strimzi's kinds (prod) the minimal schemas of
 * strimzi-schemas.ts. A kind missing here fails the check: add it rather than let an object go
 * unchecked.
 */
const MODELS: Readonly<Record<string, (object: KubernetesObject) => Validating>> = {
  'v1/ConfigMap': (object) => new ConfigMap(object as unknown as IConfigMap),
  'v1/Namespace': (object) => new Namespace(object as unknown as INamespace),
  'v1/Secret': (object) => new Secret(object as unknown as ISecret),
  'v1/Service': (object) => new Service(object as unknown as IService),
  'apps/v1/Deployment': (object) => new Deployment(object as unknown as IDeployment),
  'apps/v1/StatefulSet': (object) => new StatefulSet(object as unknown as IStatefulSet),
  'batch/v1/Job': (object) => new Job(object as unknown as IJob),
  'policy/v1/PodDisruptionBudget': (object) => new PodDisruptionBudget(object as unknown as IPodDisruptionBudget),
  'networking.k8s.io/v1/NetworkPolicy': (object) => new NetworkPolicy(object as unknown as INetworkPolicy),
  'autoscaling/v2/HorizontalPodAutoscaler': (object) => new HorizontalPodAutoscaler(object as unknown as IHorizontalPodAutoscaler),
  ...Object.fromEntries(STRIMZI_KINDS.map((kind) => [kind, (object: KubernetesObject) => ({ validate: () => validateStrimziObject(object) })])),
};

/** Problems of one object against its Kubernetes schema, each naming the object; empty when valid. */
export function schemaProblems(object: KubernetesObject): string[] {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) {
    return [`${objectId(object)}: no schema known for ${object.apiVersion} ${object.kind}`];
  }
  try {
    model(object).validate();
    return [];
  } catch (error) {
    return [`${objectId(object)}: ${(error as Error).message}`];
  }
}
