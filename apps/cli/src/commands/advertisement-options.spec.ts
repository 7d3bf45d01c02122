import { inputOf } from '../test-support/values-of';
import { createAdvertisementBody, parseMandatory, updateAdvertisementBody } from './advertisement-options';

describe('advertise options', () => {
  it('maps every option to its advertisement field', () => {
    const { values } = inputOf([
      'advertise', '--name', 'Reader', '--package', 's0100001', '--program', 'Install', '--collection', 'S0100002',
      '--mandatory', 'asap', '--mandatory', '2026-03-09T02:00:00Z', '--mandatory', '2026-03-09T02:00:00Z/P7D', '--mandatory', 'logon',
      '--rerun', 'always', '--available-at', '2026-03-01T08:00:00Z', '--expires-at', '2026-06-01T00:00:00Z',
      '--ignore-maintenance-windows', '--allow-fallback', '--slow-network', 'download', '--fast-network', 'run-from-dp',
      '--no-subcollections', '--no-user-run', '--priority', 'high', '--allow-restart-outside-windows', '--comment', 'pilot',
    ]);
    expect(createAdvertisementBody(values)).toEqual({
      name: 'Reader',
      comment: 'pilot',
      packageId: 'S0100001',
      program: 'Install',
      collectionId: 'S0100002',
      includeSubcollections: false,
      availableAt: '2026-03-01T08:00:00Z',
      expiresAt: '2026-06-01T00:00:00Z',
      mandatory: [{ type: 'asap' }, { type: 'at', at: '2026-03-09T02:00:00Z' }, { type: 'recurring', at: '2026-03-09T02:00:00Z', every: 'P7D' }, { type: 'logon' }],
      rerun: 'always',
      fastNetwork: 'run-from-dp',
      slowNetwork: 'download',
      allowFallbackToUnprotected: true,
      ignoreMaintenanceWindows: true,
      allowRestartOutsideWindows: true,
      allowUserToRunIndependently: false,
      priority: 'high',
    });
  });

  it('sends only the retry settings given, and none without them', () => {
    expect(updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003', '--retry-attempts', '5', '--retry-backoff', '30']).values)).toEqual({
      retry: { maxAttempts: 5, initialBackoffSeconds: 30 },
    });
    expect(updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003', '--retry-max-backoff', '600']).values)).toEqual({ retry: { maxBackoffSeconds: 600 } });
    expect(updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003', '--disable']).values)).not.toHaveProperty('retry');
    expect(() => updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003', '--retry-attempts', 'many']).values)).toThrow(/retry-attempts/);
  });

  it('names every missing required option at once', () => {
    expect(() => createAdvertisementBody(inputOf(['advertise', '--name', 'x', '--program', 'P']).values)).toThrow('sdp advertise needs --package, --collection');
  });

  it('lets an update make an advertisement optional, never expiring and disabled', () => {
    expect(updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003', '--optional', '--expires-at', 'never', '--disable']).values)).toEqual({
      mandatory: [],
      expiresAt: null,
      enabled: false,
    });
    expect(() => updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003']).values)).toThrow('nothing to change');
    expect(() => updateAdvertisementBody(inputOf(['advertisement', 'update', 'S0100003', '--optional', '--mandatory', 'asap']).values)).toThrow('contradict');
  });
});

describe('parseMandatory', () => {
  it('reads the ISO-8601 repeating form too', () => {
    expect(parseMandatory('R/2026-03-09T02:00Z/PT12H')).toEqual({ type: 'recurring', at: '2026-03-09T02:00:00Z', every: 'PT12H' });
  });

  it.each([
    ['tomorrow', /ISO-8601 time/],
    ['2026-03-09T02:00:00Z/7 days', /not an ISO-8601 period/],
    ['2026-03-09T02:00:00Z/P/P1D', /must be asap, logon, logoff/],
  ])('refuses %s', (raw, message) => {
    expect(() => parseMandatory(raw)).toThrow(message);
  });
});
