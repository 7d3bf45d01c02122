/**
 * The first key of the advisory locks between usage ingest and the summarizing of a closed month
 * (the second is the rule ID's hash): ingest holds it shared for the rules of its batch until it
 * has forgotten their stored months; a report that summarizes a closed month holds it alone, so
 * it never stores a summary that misses records committed while it read.
 */
export const CLOSED_MONTH_REPORT_LOCK = 18_001;
