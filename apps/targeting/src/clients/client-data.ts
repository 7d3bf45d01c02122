import { ClientData, ClientOsData } from '@sdp/contracts';
import { EvaluatedClient } from '../membership/collection-rules';
import { ClientEntity } from './client.entity';

/** The client as the API and the events show it: never its token, nor its key (which is public, but says nothing to anyone else). */
export function toClientData(client: ClientEntity): ClientData {
  return {
    id: client.id,
    name: client.name,
    hardwareId: client.hardwareId,
    domain: client.domain,
    os: { name: client.osName, version: client.osVersion, arch: client.osArch } as ClientOsData,
    siteCode: client.siteCode,
    ipAddresses: client.ipAddresses,
    inventory: client.inventory,
    approved: client.approved,
    blocked: client.blocked,
    keyGeneration: client.keyGeneration,
    conflictsWith: client.conflictsWith,
    registeredAt: client.registeredAt.toISOString(),
    lastSeenAt: client.lastSeenAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}

export function toEvaluatedClient(client: ClientEntity): EvaluatedClient {
  return {
    id: client.id,
    name: client.name,
    domain: client.domain,
    siteCode: client.siteCode,
    os: { name: client.osName, version: client.osVersion, arch: client.osArch },
    ipAddresses: client.ipAddresses,
    lastSeenAt: client.lastSeenAt,
    inventory: client.inventory,
  };
}
