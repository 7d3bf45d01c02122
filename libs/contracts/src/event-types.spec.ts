import { createDraft07Validator } from './ajv.spec-helper';
import { allEventTypes, EventData, eventRegistry, EventTypes, isEventType, validateEvent } from './event-types';
import { exampleEventOf } from './example-events';
import { eventJsonSchema } from './json-schema';
import { isTopicName, TOPIC_INFO, TOPICS } from './topics';

const topics: string[] = Object.values(TOPICS);

describe('platform event types', () => {
  it('publish only on known topics', () => {
    expect(allEventTypes.filter((definition) => !topics.includes(definition.topic))).toEqual([]);
  });

  it('cover every topic with at least one type', () => {
    expect(topics.filter((topic) => eventRegistry.forTopic(topic).length === 0)).toEqual([]);
  });

  it('are named sdp.<owning service>.<aggregate>.<event>.v<N>, with the service of their topic', () => {
    for (const definition of allEventTypes) {
      const [, service] = definition.topic.split('.');
      expect(definition.type).toMatch(new RegExp(`^sdp\\.${service}\\.[a-z-]+\\.[a-z-]+\\.v\\d+$`));
    }
  });

  it('each have one EventTypes constant, and every constant names a defined type', () => {
    const constants = Object.values(EventTypes).flatMap((byService) => Object.values(byService) as string[]);
    expect([...constants].sort()).toEqual(allEventTypes.map((definition) => definition.type).sort());
  });

  it('each have a description, a subject rule and an example that its data schema accepts', () => {
    for (const definition of allEventTypes) {
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.subjectOf).toBeInstanceOf(Function);
      const parsed = definition.dataSchema.safeParse(definition.example);
      expect({ type: definition.type, error: parsed.error?.message }).toEqual({ type: definition.type, error: undefined });
    }
  });

  it.each(allEventTypes.map((definition, index) => [definition.type, definition, index] as const))(
    '%s: the example event passes the registry, and the JSON Schema agrees with zod',
    (_type, definition, index) => {
      const event = exampleEventOf(definition, index + 1);
      expect(() => eventRegistry.validate(event, definition.topic)).not.toThrow();
      expect(isTopicName(definition.topic) && TOPIC_INFO[definition.topic].keySchema.safeParse(event?.subject).success).toBe(
        true,
      );
      const validate = createDraft07Validator().compile(eventJsonSchema(definition));
      expect(validate(event)).toBe(true);
      const withExtraDataField = { ...event, data: { ...(event?.data as object), unexpected: true } };
      expect(validate(withExtraDataField)).toBe(false);
      expect(() => eventRegistry.validate(withExtraDataField)).toThrow(/unexpected/);
    },
  );
});

describe('typed helpers', () => {
  it('validateEvent narrows data by type', () => {
    const definition = eventRegistry.get(EventTypes.catalog.packageCreated);
    const event = validateEvent(definition && exampleEventOf(definition, 1), TOPICS.catalogPackages);
    expect(isEventType(event, EventTypes.catalog.packageCreated)).toBe(true);
    if (event.type === EventTypes.catalog.packageCreated) {
      const data: EventData<typeof EventTypes.catalog.packageCreated> = event.data;
      expect(data.id).toBe(event.subject);
    }
    expect(isEventType(event, EventTypes.catalog.packageDeleted)).toBe(false);
  });
});
