import { ClientMeteringRule, fileVersionMatches } from '@sdp/contracts';

/** A running process as the system lists it. What the system does not say is undefined. */
export interface ObservedProcess {
  pid: number;
  /** When it started, epoch ms (from the process itself where the system gives it). */
  startedAt: number;
  /** The executable's file name, without its directory. */
  name: string;
  /** The original file name of its version resource (Windows). */
  originalName?: string;
  /** Its file version (Windows version resource). */
  version?: string;
  /** Its language (Windows version resource), a tag or ID. */
  language?: string;
  /** Who runs it: a user name, or the numeric ID when the system has no name for it. */
  user: string;
}

const same = (left: string, right: string) => left.localeCompare(right, undefined, { sensitivity: 'accent' }) === 0;

/**
 * Whether a process is a run of a rule's program: its file name (when the rule names one) and its
 * original file name (when the rule names one and the system gives it; a rule that names only the
 * original file name needs it), both without regard to case; its version by the rule's pattern (an
 * unknown version matches only `*`); its language when the rule names one (an unknown one does not match).
 */
export function processMatchesRule(rule: ClientMeteringRule, process: ObservedProcess): boolean {
  if (rule.fileName !== null && !same(rule.fileName, process.name)) {
    return false;
  }
  if (rule.originalFileName !== null) {
    if (process.originalName === undefined ? rule.fileName === null : !same(rule.originalFileName, process.originalName)) {
      return false;
    }
  }
  if (rule.fileName === null && rule.originalFileName === null) {
    return false;
  }
  if (!fileVersionMatches(rule.fileVersion, process.version)) {
    return false;
  }
  return rule.language === null || (process.language !== undefined && same(rule.language, process.language));
}
