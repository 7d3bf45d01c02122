import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClientPlacement, isInsideProtectedBoundary, LocationCandidate, orderLocations, parseSubnets, placeClient } from '@sdp/content-location';
import { manifestLocation } from '@sdp/contracts';
import { casKey, ContentStore, SOURCE_STORE } from '@sdp/storage';
import { DataSource } from 'typeorm';
import { ReplicationConfig } from '../config';
import { DistributionPointStores } from '../distribution-points/distribution-point-stores';
import { dpManifestKey, ManifestObject, manifestObjects, parseManifest } from '../replication/manifest';
import { packageVersionNotAvailable } from './content-location.errors';
import { SERVICE_CONFIG } from '@sdp/service';

interface HoldingDp extends LocationCandidate {
  endpoint: string;
  publicEndpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKeyEncrypted: string;
}

export interface ContentLocation {
  distributionPoint: string;
  local: boolean;
  protected: boolean;
  manifestUrl: string;
  objects: { sha256: string; size: number; url: string }[];
}

const MANIFEST_CACHE_LIMIT = 256;

@Injectable()
export class ContentLocationsService {
  /** Versions are immutable, so their object lists can be kept. */
  private readonly objectLists = new Map<string, ManifestObject[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ReplicationConfig,
    @Inject(SOURCE_STORE) private readonly source: ContentStore,
    private readonly stores: DistributionPointStores,
  ) {}

  async locate(
    client: { clientId: string; siteCode: string },
    packageId: string,
    version: number,
    allowFallbackToUnprotected: boolean,
  ): Promise<{ locations: ContentLocation[]; expiresAt: string }> {
    const placement = await this.placementOf(client);
    const holding = await this.holdingDps(packageId, version);
    // Raw SQL: content locations, asked for every download: only the boundaries of the protected DPs.
    const protectedBoundaries: { boundaries: string[] }[] = await this.dataSource.query(
      `SELECT boundaries FROM distribution_point WHERE enabled AND protected`,
    );
    const ordered = orderLocations(placement, holding, {
      allowFallbackToUnprotected,
      insideProtectedBoundary: isInsideProtectedBoundary(placement, protectedBoundaries.map((row) => parseSubnets(row.boundaries))),
    });
    const expiresAt = new Date(Date.now() + this.config.PRESIGNED_URL_TTL_SECONDS * 1000);
    const objects = ordered.length > 0 ? await this.objectsOf(packageId, version) : [];
    const locations: ContentLocation[] = [];
    for (const { candidate, local } of ordered) {
      const store = this.stores.open(candidate);
      const ttl = this.config.PRESIGNED_URL_TTL_SECONDS;
      locations.push({
        distributionPoint: candidate.name,
        local,
        protected: candidate.protected,
        manifestUrl: await store.presignedGet(dpManifestKey(packageId, version), ttl),
        objects: await Promise.all(
          objects.map(async (object) => ({ sha256: object.sha256, size: object.size, url: await store.presignedGet(casKey(object.sha256), ttl) })),
        ),
      });
    }
    return { locations, expiresAt: expiresAt.toISOString() };
  }

  /** What targeting told about the client; before its first event, the token's site and no addresses. */
  private async placementOf(client: { clientId: string; siteCode: string }): Promise<ClientPlacement> {
    // Raw SQL: content locations, asked for every download: the targeting projection's row, the ID compared as text (no uuid cast).
    const rows: { site_code: string; ip_addresses: string[] }[] = await this.dataSource.query(
      `SELECT site_code, ip_addresses FROM known_client WHERE id::text = $1`,
      [client.clientId],
    );
    return rows.length > 0 ? placeClient(rows[0].site_code, rows[0].ip_addresses) : placeClient(client.siteCode, []);
  }

  /** DPs that hold the version completely: committed there and not being removed or repaired. */
  private async holdingDps(packageId: string, version: number): Promise<HoldingDp[]> {
    // Raw SQL: content locations, asked for every download: the holding DPs in one join with the replication queue's rows.
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT dp.name, dp.site_code, dp.boundaries, dp.protected, dp.endpoint, dp.public_endpoint, dp.bucket, dp.region,
              dp.access_key, dp.secret_key_encrypted
       FROM package_distribution pd JOIN distribution_point dp ON dp.name = pd.distribution_point AND dp.enabled
       WHERE pd.package_id = $1 AND pd.installed_version = $2
         AND pd.state IN ('INSTALLED', 'INSTALL_PENDING', 'INSTALL_RETRYING', 'INSTALL_FAILED')`,
      [packageId, version],
    );
    return rows.map((row) => ({
      name: row.name as string,
      siteCode: row.site_code as string,
      boundaries: parseSubnets(row.boundaries as string[]),
      protected: row.protected as boolean,
      endpoint: row.endpoint as string,
      publicEndpoint: row.public_endpoint as string,
      bucket: row.bucket as string,
      region: row.region as string,
      accessKey: row.access_key as string,
      secretKeyEncrypted: row.secret_key_encrypted as string,
    }));
  }

  private async objectsOf(packageId: string, version: number): Promise<ManifestObject[]> {
    const key = `${packageId}/${version}`;
    const known = this.objectLists.get(key);
    if (known) return known;
    let raw: unknown;
    try {
      raw = await this.source.getJson(manifestLocation(packageId, version));
    } catch {
      throw packageVersionNotAvailable(`version ${version} of package ${packageId} is not available`);
    }
    const objects = manifestObjects(parseManifest(raw, packageId, version));
    if (this.objectLists.size >= MANIFEST_CACHE_LIMIT) this.objectLists.delete(this.objectLists.keys().next().value as string);
    this.objectLists.set(key, objects);
    return objects;
  }
}
