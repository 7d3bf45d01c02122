// @ts-check
'use strict';

// Everything this example does with one record, without Kafka: parse, validate against the
// published JSON Schemas, deduplicate by event id, drop stale events by sequence, and tell
// whether a package's state on a distribution point changed.

const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const Ajv = require('ajv').default;
const addFormats = require('ajv-formats').default;

const TOPIC = 'sdp.replication.package-status.v1';
const CHANGED = 'sdp.replication.package-status.changed.v1';
const REMOVED = 'sdp.replication.package-status.removed.v1';

/**
 * @typedef {{ packageId: string, distributionPoint: string, state: string, stateCode: number,
 *   desiredVersion: number | null, installedVersion: number | null, attempts: number,
 *   lastError: string | null, bytesDone: number, bytesTotal: number, filesDone: number,
 *   filesTotal: number, siteCode: string, boundaries: string[], protected: boolean,
 *   updatedAt: string }} PackageStatus
 * @typedef {{ packageId: string, distributionPoint: string }} PackageStatusRemoved
 * @typedef {{ id: string, type: string, subject: string, sequence: number, time: string, data: unknown }} StatusEvent
 * @typedef {(value: unknown) => string | undefined} Validator  returns why the value is invalid, or undefined
 * @typedef {{ kind: 'changed', event: StatusEvent, status: PackageStatus, previousState: string | undefined }
 *   | { kind: 'progress', event: StatusEvent, status: PackageStatus }
 *   | { kind: 'removed', event: StatusEvent, removed: PackageStatusRemoved, previousState: string | undefined }
 *   | { kind: 'duplicate', id: string }
 *   | { kind: 'stale', id: string, sequence: number, lastSequence: number }
 *   | { kind: 'ignored', type: string }
 *   | { kind: 'invalid', reason: string }} Outcome
 */

/**
 * One validator per event type of the topic, compiled from the JSON Schema files the contracts
 * publish (libs/contracts/generated/schemas/<type>.json).
 * @param {string} schemasDir
 * @returns {Map<string, Validator>}
 */
function loadValidators(schemasDir) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  /** @type {Map<string, Validator>} */
  const validators = new Map();
  for (const file of readdirSync(schemasDir)) {
    const type = file.replace(/\.json$/, '');
    if (!type.startsWith('sdp.replication.package-status.')) continue;
    const validate = ajv.compile(JSON.parse(readFileSync(join(schemasDir, file), 'utf8')));
    validators.set(type, (value) => (validate(value) ? undefined : ajv.errorsText(validate.errors, { dataVar: 'event' })));
  }
  if (!validators.has(CHANGED) || !validators.has(REMOVED)) {
    throw new Error(`no JSON Schemas of ${CHANGED} and ${REMOVED} in ${schemasDir}`);
  }
  return validators;
}

/**
 * Follows the state of every package on every distribution point. Kept in memory here; a real
 * consumer stores the states, the applied event ids and the last sequences in its database, in
 * the same transaction, and commits the Kafka offset after it.
 */
class PackageStatusTracker {
  /** @param {Map<string, Validator>} validators */
  constructor(validators) {
    this.validators = validators;
    /** @type {Set<string>} */
    this.appliedIds = new Set();
    /** @type {Map<string, number>} last sequence applied per subject (package ID) */
    this.lastSequences = new Map();
    /** @type {Map<string, string>} state per `packageId@distributionPoint` */
    this.states = new Map();
  }

  /**
   * @param {Buffer | string | null} value  the record value
   * @returns {Outcome}
   */
  handle(value) {
    if (value === null) return { kind: 'invalid', reason: 'record has no value' };
    /** @type {unknown} */
    let parsed;
    try {
      parsed = JSON.parse(value.toString());
    } catch {
      return { kind: 'invalid', reason: 'value is not JSON' };
    }
    const type = typeof parsed === 'object' && parsed !== null && 'type' in parsed ? String(parsed.type) : undefined;
    if (type === undefined) return { kind: 'invalid', reason: 'value is not an event' };
    const validate = this.validators.get(type);
    // A topic may gain event types; skip the ones this consumer does not know.
    if (!validate) return { kind: 'ignored', type };
    const problem = validate(parsed);
    if (problem !== undefined) return { kind: 'invalid', reason: `${type}: ${problem}` };
    const event = /** @type {StatusEvent} */ (parsed);
    const data = /** @type {PackageStatusRemoved} */ (event.data);
    if (event.subject !== data.packageId) return { kind: 'invalid', reason: `subject ${event.subject} is not the package ID ${data.packageId}` };

    if (this.appliedIds.has(event.id)) return { kind: 'duplicate', id: event.id };
    const lastSequence = this.lastSequences.get(event.subject) ?? 0;
    if (event.sequence <= lastSequence) return { kind: 'stale', id: event.id, sequence: event.sequence, lastSequence };
    this.appliedIds.add(event.id);
    this.lastSequences.set(event.subject, event.sequence);

    const pair = `${data.packageId}@${data.distributionPoint}`;
    const previousState = this.states.get(pair);
    if (type === REMOVED) {
      this.states.delete(pair);
      return { kind: 'removed', event, removed: data, previousState };
    }
    const status = /** @type {PackageStatus} */ (event.data);
    this.states.set(pair, status.state);
    return status.state === previousState ? { kind: 'progress', event, status } : { kind: 'changed', event, status, previousState };
  }
}

/**
 * One line for an outcome worth printing; undefined for the quiet ones (progress, duplicates).
 * @param {Outcome} outcome
 * @returns {string | undefined}
 */
function describe(outcome) {
  switch (outcome.kind) {
    case 'changed': {
      const { status, previousState } = outcome;
      const percent = status.bytesTotal > 0 ? ` ${Math.floor((100 * status.bytesDone) / status.bytesTotal)}%` : '';
      const version = status.installedVersion === null ? 'no version installed' : `version ${status.installedVersion} installed`;
      const error = status.lastError === null ? '' : ` (last error: ${status.lastError})`;
      return `${status.packageId} on ${status.distributionPoint}: ${previousState ?? 'new'} -> ${status.state}, ${version}${percent}${error}`;
    }
    case 'removed':
      return `${outcome.removed.packageId} on ${outcome.removed.distributionPoint}: ${outcome.previousState ?? 'unknown'} -> removed`;
    case 'invalid':
      return `invalid event skipped: ${outcome.reason}`;
    case 'ignored':
      return `event type ${outcome.type} skipped: not handled here`;
    default:
      return undefined;
  }
}

module.exports = { TOPIC, CHANGED, REMOVED, loadValidators, PackageStatusTracker, describe };
