import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const DEPLOY_DIR = join(__dirname, '..', '..', 'deploy');

/** One rendered object; the kind-specific parts are read through the kubernetes-models types. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** The kubectl to run: $KUBECTL when set, else `kubectl` from the PATH. */
export function kubectlCommand(): string {
  return process.env['KUBECTL'] ?? 'kubectl';
}

const KUBECTL_MISSING =
  'is not installed or not on the PATH, and the Kubernetes manifests cannot be checked without it. ' +
  'Install kubectl >= 1.27 (kustomize v5), e.g. the kubectl package of the Kubernetes apt repository or the ' +
  'Google Cloud CLI, or point $KUBECTL at one.';

/** Runs `kubectl kustomize` on one directory and returns its YAML stream. */
export function renderKustomization(directory: string, kubectl: string = kubectlCommand()): string {
  const result = spawnSync(kubectl, ['kustomize', directory], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${kubectl} ${KUBECTL_MISSING}` : `${kubectl} kustomize ${directory}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${kubectl} kustomize ${directory} failed: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Parses a YAML stream into objects; a syntax error or a document that is not an object throws. */
export function parseObjects(stream: string): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const document of parseAllDocuments(stream)) {
    if (document.errors.length > 0) {
      throw new Error(`invalid YAML: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isKubernetesObject(value)) {
      throw new Error(`not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    }
    objects.push(value);
  }
  return objects;
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<KubernetesObject>;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof candidate.metadata === 'object' &&
    candidate.metadata !== null &&
    typeof candidate.metadata.name === 'string'
  );
}

/** The objects one kustomization directory under deploy/ renders to. */
export function renderObjects(kustomization: string, kubectl?: string): KubernetesObject[] {
  return parseObjects(renderKustomization(join(DEPLOY_DIR, kustomization), kubectl));
}

/** `Kind/name`, how problems name an object. */
export function objectId(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata.name}`;
}
