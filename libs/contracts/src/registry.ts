import { z } from 'zod';
import { CloudEvent, cloudEventEnvelopeSchema } from './envelope';

/** One event type: where it is published and what its `data` must look like. */
export interface EventTypeDefinition<TSchema extends z.ZodType = z.ZodType, TType extends string = string> {
  type: TType;
  topic: string;
  /** What the record key and `subject` identify (package, client, ...). */
  aggregate: string;
  description: string;
  dataSchema: TSchema;
  /**
   * The aggregate ID an event with this data is about, i.e. its `subject` and record key.
   * Declared as a method so definitions with specific data stay assignable to the general type.
   */
  subjectOf?(data: z.output<TSchema>): string;
  /** A valid `data`, shown in the AsyncAPI document and checked by the tests. */
  example?: z.input<TSchema>;
}

export class EventValidationError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EventValidationError';
  }
}

/**
 * A well-formed event of a type this registry does not define: a newer version or a type added
 * after this consumer was built. Consumers skip and log it (the event guide's rule); they do not
 * dead-letter it.
 */
export class UnknownEventTypeError extends EventValidationError {
  constructor(readonly envelope: { id: string; type: string; subject: string; sequence: number }) {
    super(`unknown event type ${envelope.type}`);
    this.name = 'UnknownEventTypeError';
  }
}

/** One line per problem, `path: message`, so a dead-letter reason fits in a header. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Looks up event types and validates whole events (envelope and data) against them. */
export class EventRegistry {
  private readonly byType = new Map<string, EventTypeDefinition>();

  constructor(definitions: readonly EventTypeDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type)) {
        throw new Error(`event type ${definition.type} is defined twice`);
      }
      this.byType.set(definition.type, definition);
    }
  }

  definitions(): EventTypeDefinition[] {
    return [...this.byType.values()];
  }

  get(type: string): EventTypeDefinition | undefined {
    return this.byType.get(type);
  }

  /** The event types published on one topic, in definition order. */
  forTopic(topic: string): EventTypeDefinition[] {
    return this.definitions().filter((definition) => definition.topic === topic);
  }

  /** Every topic that has at least one event type, in definition order. */
  topics(): string[] {
    return [...new Set(this.definitions().map((definition) => definition.topic))];
  }

  /** Returns the event with parsed data, or throws EventValidationError saying what is wrong. */
  validate(raw: unknown, expectedTopic?: string): CloudEvent {
    const envelope = cloudEventEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      throw new EventValidationError(`invalid envelope: ${describeIssues(envelope.error)}`);
    }
    const definition = this.byType.get(envelope.data.type);
    if (!definition) {
      throw new UnknownEventTypeError(envelope.data);
    }
    if (expectedTopic !== undefined && definition.topic !== expectedTopic) {
      throw new EventValidationError(`event type ${definition.type} belongs on ${definition.topic}, not ${expectedTopic}`);
    }
    const data = definition.dataSchema.safeParse(envelope.data.data);
    if (!data.success) {
      throw new EventValidationError(`invalid data of ${definition.type}: ${describeIssues(data.error)}`);
    }
    const expectedSubject = definition.subjectOf?.(data.data);
    if (expectedSubject !== undefined && expectedSubject !== envelope.data.subject) {
      throw new EventValidationError(
        `subject ${envelope.data.subject} of ${definition.type} is not the aggregate ID ${expectedSubject} its data is about`,
      );
    }
    return { ...envelope.data, data: data.data };
  }
}
