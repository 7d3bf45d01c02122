import { AsyncLocalStorage } from 'node:async_hooks';
import { EventPosition } from './consistency-token';

/**
 * The events one request enqueued, collected while it runs. The outbox adds to the collection of
 * the request it runs in (none outside requests: consumers, schedules); `onChange` lets the HTTP
 * layer keep the answer's header up to date even for handlers that write the answer themselves.
 */
export class WrittenEvents {
  private readonly positions: EventPosition[] = [];

  constructor(private readonly onChange: (positions: readonly EventPosition[]) => void = () => undefined) {}

  add(positions: readonly EventPosition[]): void {
    if (positions.length === 0) {
      return;
    }
    this.positions.push(...positions);
    this.onChange(this.positions);
  }

  list(): readonly EventPosition[] {
    return this.positions;
  }
}

const current = new AsyncLocalStorage<WrittenEvents>();

/** Runs `work` (and everything it starts) with `written` collecting the events it enqueues. */
export function collectWrittenEvents<T>(written: WrittenEvents, work: () => T): T {
  return current.run(written, work);
}

/** Called by the outbox for the events it wrote; does nothing outside collectWrittenEvents. */
export function recordWrittenEvents(positions: readonly EventPosition[]): void {
  current.getStore()?.add(positions);
}

/**
 * For work done for many requests at once (a group commit, which runs outside every request):
 * runs `work` collecting the events it enqueues, and gives each request, named by the subject of
 * its events, those events plus the ones of subjects no request of the group owns (e.g. a
 * collection's membership change). The caller records its share with recordWrittenEvents, so a
 * request's answer names its own events and never another request's.
 */
export async function collectWrittenEventsBySubject<T>(
  subjects: readonly string[],
  work: () => Promise<T>,
): Promise<{ value: T; written: (readonly EventPosition[])[] }> {
  const collected = new WrittenEvents();
  const value = await collectWrittenEvents(collected, work);
  const owned = new Set(subjects);
  const bySubject = new Map<string, EventPosition[]>();
  const shared: EventPosition[] = [];
  for (const position of collected.list()) {
    if (owned.has(position.subject)) {
      const own = bySubject.get(position.subject);
      if (own) own.push(position);
      else bySubject.set(position.subject, [position]);
    } else {
      shared.push(position);
    }
  }
  return { value, written: subjects.map((subject) => [...(bySubject.get(subject) ?? []), ...shared]) };
}
