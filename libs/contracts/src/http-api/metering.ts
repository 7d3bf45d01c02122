import type { MeteringRuleData } from '../metering-rules/metering-rule.schema';

/** What a client needs of a rule to match processes against it. */
export type ClientMeteringRule = Pick<MeteringRuleData, 'id' | 'productName' | 'fileName' | 'originalFileName' | 'fileVersion' | 'language'>;

/** `GET /api/v1/clients/{id}/metering-rules` (metering service): the enabled rules for the client's platform and site. */
export interface ClientMeteringRules {
  rules: ClientMeteringRule[];
}

/** `POST /api/v1/clients/{id}/usage`: what became of a batch's records. */
export interface UsageIngestResult {
  /** Records stored for the first time. */
  accepted: number;
  /** Open records this batch closed (their end arrived). */
  closed: number;
  /** Records already known as they are (a resent batch), or that could not change what is stored. */
  unchanged: number;
  /** Records of rules that do not exist (any more): dropped, the client may forget them. */
  unknownRule: number;
}

/** One rule's usage in one period (a month, a day). Time is in seconds; months and days are UTC. */
export interface UsageSummary {
  /** Distinct computers (clients) that ran it. */
  computers: number;
  /** Distinct users (by name) who ran it. */
  users: number;
  /** Runs that started in the period. */
  launches: number;
  /** Seconds of running within the period, summed over runs (overlapping runs each count). */
  usageSeconds: number;
  /** The most distinct user-and-computer pairs running it at one moment of the period. */
  peakConcurrentUsers: number;
}

/** A computer that ran a rule in a month (the report's drill-down). */
export interface MeteringReportComputer {
  clientId: string;
  /** Its name as it is now; null when the service does not know the client (any more). */
  name: string | null;
  launches: number;
  usageSeconds: number;
  /** The users who ran it there, by name. */
  users: string[];
}

/** A user who ran a rule in a month (the report's drill-down). */
export interface MeteringReportUser {
  user: string;
  launches: number;
  usageSeconds: number;
  /** How many computers they ran it on. */
  computers: number;
}

/** The drill-down of a report is paged: this many rows come with the report. */
export const METERING_REPORT_PAGE_SIZE = 100;
/** The most rows one page of the drill-down holds. */
export const METERING_REPORT_MAX_PAGE = 1000;

/**
 * `GET /api/v1/metering/rules/{id}/report?month=YYYY-MM`. The drill-down (computers, users) is
 * its first page, most usage first (ties by client ID, by user name); the rest is read with
 * `GET .../report/computers` and `.../report/users` (MeteringReportPage).
 */
export interface MeteringReport {
  ruleId: string;
  productName: string;
  licencesOwned: number;
  /** YYYY-MM, a UTC month. */
  month: string;
  /** The month's summary; `peakConcurrentUsers - licencesOwned` above 0 is the shortfall. */
  summary: UsageSummary;
  overLicences: boolean;
  /** Each UTC day of the month up to today (the whole month for a past one). */
  days: (UsageSummary & { day: string })[];
  /** Drill-down: the first METERING_REPORT_PAGE_SIZE computers that ran it in the month, most usage first. */
  computers: MeteringReportComputer[];
  /** How many computers ran it in the month (all pages). */
  computersTotal: number;
  /** Drill-down: the first METERING_REPORT_PAGE_SIZE users who ran it in the month, most usage first. */
  users: MeteringReportUser[];
  /** How many users ran it in the month (all pages). */
  usersTotal: number;
}

/** `GET /api/v1/metering/rules/{id}/report/computers|users?month=&offset=&limit=`: a page of a month's drill-down, in the report's order. */
export interface MeteringReportPage<T extends MeteringReportComputer | MeteringReportUser> {
  ruleId: string;
  month: string;
  offset: number;
  limit: number;
  /** Rows in all pages. */
  total: number;
  items: T[];
}

/** A computer that has a rule's product installed and did not use it in the period asked. */
export interface InstalledUnusedComputer {
  clientId: string;
  clientName: string;
  /** The installed software (its inventory's name and version) that matched the rule. */
  softwareName: string;
  softwareVersion: string | null;
  /** The last time the rule's program ran there (end of its last run), null when never. */
  lastUsedAt: string | null;
}

/** `GET /api/v1/metering/rules/{id}/installed-unused?days=N`: installed but unused since `since` (now - N days). */
export interface InstalledUnusedReport {
  ruleId: string;
  productName: string;
  days: number;
  since: string;
  computers: InstalledUnusedComputer[];
}
