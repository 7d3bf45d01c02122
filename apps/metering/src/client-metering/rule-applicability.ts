import { ClientOsData, compareDottedVersions, MeteringRuleData, PlatformData } from '@sdp/contracts';

/** What decides which rules a client meters: its platform and its site. */
export interface MeteredClient {
  os: ClientOsData;
  siteCode: string;
}

/**
 * The rules a client meters: enabled, for its platform (as a program's platform list admits a
 * client: same OS and architecture, OS version within the bounds) and for its site (a rule
 * without a site is for every site; the site is compared without regard to case).
 */
export function rulesForClient(rules: readonly MeteringRuleData[], client: MeteredClient): MeteringRuleData[] {
  return rules.filter((rule) => rule.enabled && platformAdmits(rule.platforms, client.os) && siteAdmits(rule.site, client.siteCode));
}

function siteAdmits(site: string | null, siteCode: string): boolean {
  return site === null || site.trim() === '' || site.trim().toUpperCase() === siteCode.toUpperCase();
}

function platformAdmits(platforms: 'any' | PlatformData[], os: ClientOsData): boolean {
  if (platforms === 'any') {
    return true;
  }
  return platforms.some((platform) => platform.os === os.name && platform.arch === os.arch && versionWithin(os.version, platform.minVersion, platform.maxVersion));
}

/** A bound names as many components as it cares about, so `max 10.0` admits 10.0.19041 (as program platforms do). */
function versionWithin(version: string, minVersion?: string, maxVersion?: string): boolean {
  if (!/^\d+(\.\d+)*$/.test(version)) {
    return minVersion === undefined && maxVersion === undefined;
  }
  if (minVersion !== undefined && compareDottedVersions(version, minVersion) < 0) {
    return false;
  }
  if (maxVersion !== undefined) {
    const significant = version.split('.').slice(0, maxVersion.split('.').length).join('.');
    if (compareDottedVersions(significant, maxVersion) > 0) {
      return false;
    }
  }
  return true;
}
