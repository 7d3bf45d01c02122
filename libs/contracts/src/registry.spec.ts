import { z } from 'zod';
import { CloudEvent } from './envelope';
import { EventRegistry, EventTypeDefinition, EventValidationError } from './registry';

const widgetDefinition: EventTypeDefinition = {
  type: 'sdp.test.widget.created.v1',
  topic: 'sdp.test.widgets.v1',
  aggregate: 'widget',
  description: 'A widget was created.',
  dataSchema: z.strictObject({ id: z.string().regex(/^W\d+$/), size: z.int().min(1) }),
  subjectOf: (data: { id: string }) => data.id,
};

const registry = new EventRegistry([widgetDefinition]);

function validEvent(overrides: Partial<CloudEvent> = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: '0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f',
    source: 'sdp.test',
    type: 'sdp.test.widget.created.v1',
    subject: 'W1',
    time: '2026-03-02T10:00:00.123+01:00',
    datacontenttype: 'application/json',
    sequence: 1,
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    data: { id: 'W1', size: 3 },
    ...overrides,
  };
}

function reasonOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof EventValidationError) {
      return error.reason;
    }
    throw error;
  }
  throw new Error('expected an EventValidationError');
}

describe('EventRegistry.validate', () => {
  it('returns a valid event with its parsed data', () => {
    expect(registry.validate(validEvent(), 'sdp.test.widgets.v1')).toEqual(validEvent());
  });

  it('accepts an event without the optional traceparent and dataschema', () => {
    const { traceparent: _traceparent, ...withoutTrace } = validEvent();
    expect(registry.validate(withoutTrace).id).toBe(withoutTrace.id);
  });

  it('rejects an unknown type', () => {
    expect(reasonOf(() => registry.validate(validEvent({ type: 'sdp.test.widget.exploded.v1' })))).toBe(
      'unknown event type sdp.test.widget.exploded.v1',
    );
  });

  it('rejects a type published on the wrong topic', () => {
    expect(reasonOf(() => registry.validate(validEvent(), 'sdp.test.gadgets.v1'))).toBe(
      'event type sdp.test.widget.created.v1 belongs on sdp.test.widgets.v1, not sdp.test.gadgets.v1',
    );
  });

  it('rejects bad data and names the field', () => {
    const reason = reasonOf(() => registry.validate(validEvent({ data: { id: 'W1', size: 0 } })));
    expect(reason).toMatch(/^invalid data of sdp\.test\.widget\.created\.v1: size: /);
  });

  it('rejects extra data fields', () => {
    const reason = reasonOf(() => registry.validate(validEvent({ data: { id: 'W1', size: 1, colour: 'red' } })));
    expect(reason).toMatch(/^invalid data of .*colour/);
  });

  it('rejects extra envelope fields and names them', () => {
    const reason = reasonOf(() => registry.validate({ ...validEvent(), partition: 3 }));
    expect(reason).toMatch(/^invalid envelope: .*partition/);
  });

  it.each([
    ['a UUIDv4', '9b2f6c1e-2d4a-4f8b-9c3e-1a2b3c4d5e6f'],
    ['not a UUID', 'event-1'],
  ])('rejects an id that is %s and names the id', (_what, id) => {
    expect(reasonOf(() => registry.validate(validEvent({ id })))).toMatch(/^invalid envelope: id: /);
  });

  it.each([
    ['specversion', { specversion: '0.3' }],
    ['time', { time: '2026-03-02 10:00' }],
    ['time', { time: '2026-03-02T10:00:00' }],
    ['sequence', { sequence: 0 }],
    ['type', { type: 'widget.created' }],
    ['datacontenttype', { datacontenttype: 'text/plain' }],
    ['traceparent', { traceparent: 'abc' }],
    ['subject', { subject: '' }],
  ])('rejects a bad %s', (field, overrides) => {
    expect(reasonOf(() => registry.validate(validEvent(overrides as Partial<CloudEvent>)))).toMatch(
      new RegExp(`^invalid envelope: ${field}: `),
    );
  });

  it.each([null, 'text', 42, [], {}])('rejects %p as an envelope', (raw) => {
    expect(reasonOf(() => registry.validate(raw))).toMatch(/^invalid envelope: /);
  });

  it('rejects a subject that is not the aggregate ID of the data', () => {
    expect(reasonOf(() => registry.validate(validEvent({ subject: 'W2' })))).toBe(
      'subject W2 of sdp.test.widget.created.v1 is not the aggregate ID W1 its data is about',
    );
  });
});

describe('EventRegistry', () => {
  it('refuses a type defined twice', () => {
    expect(() => new EventRegistry([widgetDefinition, { ...widgetDefinition }])).toThrow(/defined twice/);
  });

  it('lists definitions by topic and the topics in use', () => {
    const gadget = { ...widgetDefinition, type: 'sdp.test.gadget.created.v1', topic: 'sdp.test.gadgets.v1' };
    const both = new EventRegistry([widgetDefinition, gadget]);
    expect(both.forTopic('sdp.test.gadgets.v1')).toEqual([gadget]);
    expect(both.topics()).toEqual(['sdp.test.widgets.v1', 'sdp.test.gadgets.v1']);
    expect(both.get('sdp.test.none.created.v1')).toBeUndefined();
  });
});
