import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXAMPLE_DIR, PackageStatusModule, SCHEMAS_DIR, statusChanged, statusRemoved } from './package-status-events';

// The example consumer's logic without Kafka, against the real published JSON Schemas.
const example = jest.requireActual<PackageStatusModule>(join(EXAMPLE_DIR, 'src', 'package-status.cjs'));

function tracker() {
  return new example.PackageStatusTracker(example.loadValidators(SCHEMAS_DIR));
}

const json = (value: unknown): string => JSON.stringify(value);

describe('the example package status consumer', () => {
  it('prints state changes, applies progress silently and ends with the removal', () => {
    const status = tracker();
    const lines = [
      statusChanged(1, 'INSTALL_PENDING', { installedVersion: null, bytesDone: 0, bytesTotal: 0 }),
      statusChanged(2, 'INSTALL_PENDING', { installedVersion: null, bytesDone: 10, bytesTotal: 100 }),
      statusChanged(3, 'INSTALLED', { installedVersion: 2, bytesDone: 100, bytesTotal: 100 }),
      statusRemoved(4),
    ].map((event) => example.describe(status.handle(json(event))));
    expect(lines).toEqual([
      'S0100001 on dp-berlin-1: new -> INSTALL_PENDING, no version installed',
      undefined,
      'S0100001 on dp-berlin-1: INSTALL_PENDING -> INSTALLED, version 2 installed 100%',
      'S0100001 on dp-berlin-1: INSTALLED -> removed',
    ]);
  });

  it('drops a redelivered event by its id and an older event by its sequence', () => {
    const status = tracker();
    const installed = statusChanged(5, 'INSTALLED');
    expect(status.handle(Buffer.from(json(installed))).kind).toBe('changed');
    expect(status.handle(json(installed))).toEqual({ kind: 'duplicate', id: installed.id });
    expect(status.handle(json(statusChanged(4, 'INSTALL_PENDING')))).toMatchObject({ kind: 'stale', sequence: 4, lastSequence: 5 });
  });

  it('skips what fails its schema, a subject that is not the package, unknown types and non-JSON, saying why', () => {
    const status = tracker();
    const badState = { ...statusChanged(1, 'INSTALLED'), data: { ...statusChanged(1, 'INSTALLED').data, state: 'DONE' } };
    const wrongSubject = { ...statusChanged(1, 'INSTALLED'), subject: 'S0100002' };
    const unknownType = { ...statusChanged(1, 'INSTALLED'), type: 'sdp.replication.package-status.changed.v2' };
    expect(example.describe(status.handle(json(badState)))).toMatch(
      /^invalid event skipped: sdp\.replication\.package-status\.changed\.v1: event\/data\/state must be equal to one of the allowed values/,
    );
    expect(example.describe(status.handle(json(wrongSubject)))).toBe('invalid event skipped: subject S0100002 is not the package ID S0100001');
    expect(example.describe(status.handle(json(unknownType)))).toBe('event type sdp.replication.package-status.changed.v2 skipped: not handled here');
    expect(example.describe(status.handle('{not json'))).toBe('invalid event skipped: value is not JSON');
    expect(example.describe(status.handle(null))).toBe('invalid event skipped: record has no value');
  });

  it('refuses to start without the JSON Schemas of its topic', () => {
    expect(() => example.loadValidators(EXAMPLE_DIR)).toThrow('no JSON Schemas of sdp.replication.package-status.changed.v1');
  });

  it('type-checks against its JSDoc types, kafkajs and ajv', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', EXAMPLE_DIR], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 60_000);
});
