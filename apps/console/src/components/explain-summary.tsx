import { AdvertisementExplain, CollectionExplain } from '../api/types';

/** The condition that only says the content cannot be downloaded yet: the advertisement is in the policy all the same. */
const CONTENT_READY = 'content-ready';

/**
 * The advertisement Explain's verdict, read from the same checks the ✘ list shows: every check
 * passed, only the content is not ready yet, or which checks keep the advertisement away.
 */
export function advertisementVerdict(checks: AdvertisementExplain['checks']): { gets: boolean; text: string } {
  const failed = checks.filter((check) => !check.passed).map((check) => check.condition);
  if (failed.length === 0) return { gets: true, text: 'gets this advertisement' };
  if (failed.length === 1 && failed[0] === CONTENT_READY) {
    return { gets: false, text: 'is offered this advertisement but cannot download it yet: ✘ content-ready' };
  }
  return { gets: false, text: `does not get this advertisement: ✘ ${failed.join(', ✘ ')}` };
}

/** A collection rule's line in the membership Explain: passed when it counts for the membership. */
export function ruleCountsForMember(item: CollectionExplain['rules'][number]): boolean {
  return item.effect === 'removes' ? !item.matched : item.matched;
}

/**
 * The membership Explain's verdict, read from the lines it shows: in the limiting collection (when
 * there is one), removed by no exclude rule, and added by at least one rule.
 */
export function membershipVerdict(result: Pick<CollectionExplain, 'limiting' | 'rules'>): { member: boolean; text: string } {
  if (result.limiting && !result.limiting.member) return { member: false, text: `is not a member: ✘ not in the limiting collection ${result.limiting.collectionId}` };
  if (result.rules.some((item) => item.effect === 'removes' && item.matched)) return { member: false, text: 'is not a member: ✘ an exclude rule removes it' };
  if (!result.rules.some((item) => item.effect === 'adds' && item.matched)) return { member: false, text: 'is not a member: ✘ no rule adds it' };
  return { member: true, text: 'is a member' };
}
