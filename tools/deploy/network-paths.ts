import type { INetworkPolicy, INetworkPolicyPeer, INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1';
import { ofKind, selects } from './pod-templates';
import { KubernetesObject } from './render';

/** A TCP connection from pods with some labels to pods with other labels, in one namespace. */
export interface Connection {
  from: Record<string, string>;
  to: Record<string, string>;
  port: number;
}

function portMatches(ports: readonly INetworkPolicyPort[] | undefined, port: number): boolean {
  if (ports === undefined || ports.length === 0) return true;
  return ports.some((rule) => {
    if ((rule.protocol ?? 'TCP') !== 'TCP') return false;
    if (rule.port === undefined) return true;
    // Named ports depend on the container; every policy here names numbers.
    if (typeof rule.port !== 'number') return false;
    return rule.endPort === undefined ? rule.port === port : port >= rule.port && port <= rule.endPort;
  });
}

/**
 * Whether a peer list admits pods with these labels of the same namespace. A namespaceSelector
 * counts as admitting them only when it selects every namespace (`{}`); ipBlocks are for
 * addresses outside the cluster, so they do not count.
 */
function peersMatch(peers: readonly INetworkPolicyPeer[] | undefined, labels: Record<string, string>): boolean {
  if (peers === undefined || peers.length === 0) return true;
  return peers.some((peer) => {
    if (peer.ipBlock !== undefined) return false;
    const namespaceOk = peer.namespaceSelector === undefined || Object.keys(peer.namespaceSelector.matchLabels ?? {}).length === 0;
    const podSelector = peer.podSelector?.matchLabels;
    const podOk = peer.podSelector === undefined || Object.keys(podSelector ?? {}).length === 0 || selects(podSelector, labels);
    return namespaceOk && podOk;
  });
}

function isolating(objects: readonly KubernetesObject[], labels: Record<string, string>, type: 'Ingress' | 'Egress'): INetworkPolicy[] {
  return ofKind<INetworkPolicy>(objects, 'NetworkPolicy').filter((policy) => {
    const selector = policy.spec?.podSelector?.matchLabels;
    const selected = Object.keys(selector ?? {}).length === 0 || selects(selector, labels);
    return selected && (policy.spec?.policyTypes ?? ['Ingress']).includes(type);
  });
}

/**
 * Why the NetworkPolicies refuse a connection: empty when both the source's egress and the
 * destination's ingress allow it (a pod no policy isolates allows everything in that direction).
 */
export function findConnectionProblems(objects: readonly KubernetesObject[], connection: Connection, name: string): string[] {
  const problems: string[] = [];
  const egress = isolating(objects, connection.from, 'Egress');
  const egressAllowed = egress.some((policy) =>
    (policy.spec?.egress ?? []).some((rule) => peersMatch(rule.to, connection.to) && portMatches(rule.ports, connection.port)),
  );
  if (egress.length > 0 && !egressAllowed) problems.push(`${name}: egress to port ${connection.port} is not allowed`);
  const ingress = isolating(objects, connection.to, 'Ingress');
  const ingressAllowed = ingress.some((policy) =>
    (policy.spec?.ingress ?? []).some((rule) => peersMatch(rule.from, connection.from) && portMatches(rule.ports, connection.port)),
  );
  if (ingress.length > 0 && !ingressAllowed) problems.push(`${name}: ingress on port ${connection.port} is not allowed`);
  return problems;
}
