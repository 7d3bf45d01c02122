import { inputOf } from '../test-support/values-of';
import { createCollectionBody, maintenanceWindowBody, parseRecurrence, updateCollectionBody } from './collection-options';

const CLIENT = '6f1c2b9e-3d0a-4b7c-9e21-5a8f0c4d2e11';

describe('collection create options', () => {
  it('maps the options to the collection and its rules', () => {
    const { values } = inputOf([
      'collection', 'create', '--name', 'Finance', '--limit', 'sms00002', '--parent', 'S0100003',
      '--query', "os.name = 'windows'", '--query', "inventory.department = 'Finance'",
      '--include', 'S0100004', '--exclude', 's0100005', '--client', CLIENT, '--comment', 'desks', '--full-every', '60', '--no-incremental',
    ]);
    expect(createCollectionBody(values)).toEqual({
      name: 'Finance',
      comment: 'desks',
      limitingCollectionId: 'SMS00002',
      parentCollectionId: 'S0100003',
      rules: [
        { type: 'query', name: 'query 1', expression: "os.name = 'windows'" },
        { type: 'query', name: 'query 2', expression: "inventory.department = 'Finance'" },
        { type: 'direct', clientId: CLIENT },
        { type: 'include', collectionId: 'S0100004' },
        { type: 'exclude', collectionId: 'S0100005' },
      ],
      refresh: { incremental: false, fullEveryMinutes: 60 },
    });
  });

  it('leaves the limiting collection and refresh to the service defaults', () => {
    expect(createCollectionBody(inputOf(['collection', 'create', '--name', 'All Linux', '--query', "os.name = 'linux'"]).values)).toEqual({
      name: 'All Linux',
      rules: [{ type: 'query', name: 'query', expression: "os.name = 'linux'" }],
    });
  });

  it('requires a name', () => {
    expect(() => createCollectionBody(inputOf(['collection', 'create', '--query', 'x']).values)).toThrow('--name is required');
  });
});

describe('collection update options', () => {
  const update = (...args: string[]) => updateCollectionBody(inputOf(['collection', 'update', 'S0100003', ...args]).values);

  it('sends only the fields given and leaves the rules alone without a rule option', () => {
    expect(update('--name', 'Finance desks', '--comment', 'moved')).toEqual({ name: 'Finance desks', comment: 'moved' });
    expect(update('--limit', 'sms00002')).toEqual({ limitingCollectionId: 'SMS00002' });
  });

  it('replaces the whole rule list when any rule option is given, built as create builds it', () => {
    expect(update('--exclude', 's0100005', '--client', CLIENT)).toEqual({
      rules: [
        { type: 'direct', clientId: CLIENT },
        { type: 'exclude', collectionId: 'S0100005' },
      ],
    });
    expect(update('--query', "os.name = 'linux'")).toEqual({ rules: [{ type: 'query', name: 'query', expression: "os.name = 'linux'" }] });
  });

  it('changes the refresh settings, switching incremental evaluation on or off', () => {
    expect(update('--incremental')).toEqual({ refresh: { incremental: true } });
    expect(update('--no-incremental', '--full-every', '60')).toEqual({ refresh: { incremental: false, fullEveryMinutes: 60 } });
    expect(() => update('--incremental', '--no-incremental')).toThrow('--incremental and --no-incremental contradict each other');
    expect(() => update('--full-every', '0')).toThrow('--full-every must be between 1 and 525600');
  });

  it('refuses an update that changes nothing', () => {
    expect(() => update()).toThrow('nothing to change; see sdp collection update --help');
  });
});

describe('maintenance windows', () => {
  it.each([
    ['none', { type: 'none' }],
    ['daily', { type: 'daily' }],
    ['weekly:mon,Friday', { type: 'weekly', days: ['monday', 'friday'] }],
    ['monthly:15', { type: 'monthly', day: 15 }],
  ])('reads the recurrence %s', (raw, recurrence) => {
    expect(parseRecurrence(raw)).toEqual(recurrence);
  });

  it.each(['weekly', 'weekly:funday', 'monthly', 'monthly:32', 'hourly', 'daily:3'])('refuses the recurrence %s', (raw) => {
    expect(() => parseRecurrence(raw)).toThrow(/--recurrence/);
  });

  it('builds the window body with seconds added to the start', () => {
    const { values } = inputOf(['maintenance-window', 'add', 'S0100001', '--name', 'Nights', '--start', '2026-03-02T22:00+01:00', '--duration', '240', '--recurrence', 'daily']);
    expect(maintenanceWindowBody(values)).toEqual({ name: 'Nights', start: '2026-03-02T22:00:00+01:00', durationMinutes: 240, recurrence: { type: 'daily' } });
  });

  it('refuses a start without an offset', () => {
    const { values } = inputOf(['maintenance-window', 'add', 'S0100001', '--name', 'N', '--start', '2026-03-02T22:00:00', '--duration', '60']);
    expect(() => maintenanceWindowBody(values)).toThrow('--start must be an ISO-8601 time with offset');
  });
});
