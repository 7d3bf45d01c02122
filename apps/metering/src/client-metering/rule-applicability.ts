import { ClientOsData, MeteringRuleData, platformMatches } from '@sdp/contracts';

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
  return rules.filter((rule) => rule.enabled && ruleCovers(rule, client));
}

/** Whether a rule is for the client's platform and site, enabled or not. */
export function ruleCovers(rule: MeteringRuleData, client: MeteredClient): boolean {
  return platformMatches(rule.platforms, client.os) && siteAdmits(rule.site, client.siteCode);
}

function siteAdmits(site: string | null, siteCode: string): boolean {
  return site === null || site.trim() === '' || site.trim().toUpperCase() === siteCode.toUpperCase();
}
