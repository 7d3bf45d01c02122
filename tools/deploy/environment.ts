import type { IConfigMap, IContainer, ISecret } from 'kubernetes-models/v1';
import { ofKind } from './pod-templates';
import { KubernetesObject } from './render';

/** One environment variable as the container will see it. */
export type ResolvedVariable =
  | { source: 'value'; value: string }
  | { source: 'secret'; secret: string; key: string; value?: string }
  | { source: 'unresolved'; reason: string };

function secretValue(objects: readonly KubernetesObject[], name: string, key: string): string | undefined {
  const secret = ofKind<ISecret>(objects, 'Secret').find((candidate) => candidate.metadata.name === name);
  const plain = secret?.stringData?.[key];
  if (plain !== undefined) return plain;
  const encoded = secret?.data?.[key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * The environment of one container: envFrom ConfigMaps first, then `env`, which wins. Secret
 * values are filled in when the Secret is among the objects (dev), else left out (prod).
 */
export function containerEnvironment(objects: readonly KubernetesObject[], container: IContainer): Map<string, ResolvedVariable> {
  const configMaps = ofKind<IConfigMap>(objects, 'ConfigMap');
  const environment = new Map<string, ResolvedVariable>();
  for (const source of container.envFrom ?? []) {
    const configMap = configMaps.find((candidate) => candidate.metadata.name === source.configMapRef?.name);
    for (const [name, value] of Object.entries(configMap?.data ?? {})) {
      environment.set(`${source.prefix ?? ''}${name}`, { source: 'value', value });
    }
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configMapRef = variable.valueFrom?.configMapKeyRef;
    if (variable.value !== undefined) {
      environment.set(variable.name, { source: 'value', value: variable.value });
    } else if (secretRef?.name !== undefined) {
      const value = secretValue(objects, secretRef.name, secretRef.key);
      environment.set(variable.name, { source: 'secret', secret: secretRef.name, key: secretRef.key, ...(value !== undefined && { value }) });
    } else if (configMapRef?.name !== undefined) {
      const value = configMaps.find((candidate) => candidate.metadata.name === configMapRef.name)?.data?.[configMapRef.key];
      environment.set(variable.name, value === undefined ? { source: 'unresolved', reason: 'missing ConfigMap key' } : { source: 'value', value });
    } else {
      environment.set(variable.name, { source: 'unresolved', reason: 'field or resource reference' });
    }
  }
  return environment;
}

/** The environment as `process.env` would hold it; variables without a known value are left out. */
export function processEnvironment(environment: ReadonlyMap<string, ResolvedVariable>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, variable] of environment) {
    if ((variable.source === 'value' || variable.source === 'secret') && variable.value !== undefined) env[name] = variable.value;
  }
  return env;
}
