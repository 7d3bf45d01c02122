import { CollectionDefinition, referencedCollections } from './collection-rules';

type Dependencies = Pick<CollectionDefinition, 'id' | 'limitingCollectionId' | 'rules'>;

export class CollectionCycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(`collections reference each other in a cycle: ${cycle.join(' → ')}`);
  }
}

/**
 * Collections ordered so that each comes after every collection it references (limiting,
 * include, exclude). References to unknown collections are ignored here; a cycle raises
 * CollectionCycleError naming it.
 */
export function dependencyOrder<T extends Dependencies>(definitions: readonly T[]): T[] {
  const byId = new Map(definitions.map((definition) => [definition.id, definition]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: T[] = [];
  const path: string[] = [];
  const visit = (definition: T): void => {
    const seen = state.get(definition.id);
    if (seen === 'done') {
      return;
    }
    if (seen === 'visiting') {
      throw new CollectionCycleError([...path.slice(path.indexOf(definition.id)), definition.id]);
    }
    state.set(definition.id, 'visiting');
    path.push(definition.id);
    for (const reference of referencedCollections(definition)) {
      const referenced = byId.get(reference);
      if (referenced) {
        visit(referenced);
      }
    }
    path.pop();
    state.set(definition.id, 'done');
    ordered.push(definition);
  };
  for (const definition of definitions) {
    visit(definition);
  }
  return ordered;
}

/** The given collections and every collection that depends on them, directly or not. */
export function withDependents(definitions: readonly Dependencies[], ids: Iterable<string>): Set<string> {
  const dependents = new Map<string, string[]>();
  for (const definition of definitions) {
    for (const reference of referencedCollections(definition)) {
      dependents.set(reference, [...(dependents.get(reference) ?? []), definition.id]);
    }
  }
  const result = new Set<string>();
  const pending = [...ids];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (!result.has(id)) {
      result.add(id);
      pending.push(...(dependents.get(id) ?? []));
    }
  }
  return result;
}

/** The first cycle through parent links, if any. */
export function findParentCycle(parents: ReadonlyMap<string, string | null>): string[] | undefined {
  for (const start of parents.keys()) {
    const path = [start];
    let current = parents.get(start) ?? null;
    while (current !== null) {
      if (current === start) {
        return [...path, start];
      }
      if (path.includes(current)) {
        break;
      }
      path.push(current);
      current = parents.get(current) ?? null;
    }
  }
  return undefined;
}
