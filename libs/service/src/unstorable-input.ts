import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { FieldProblem, VALIDATION_FAILED } from './domain-error';
import { errorBody } from './error-body';

/** JSON nested deeper than this is refused before validation walks it (no request needs more). */
export const MAX_INPUT_DEPTH = 32;

/** Half of a UTF-16 surrogate pair: JSON can carry it (`"\ud800"`), PostgreSQL's jsonb cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first thing in a request value that no service may pass on: a NUL character or half a
 * surrogate pair (PostgreSQL's text and jsonb cannot hold them), nesting deeper than
 * MAX_INPUT_DEPTH, or a number beyond what JavaScript represents exactly (no field of the API
 * needs one). Object keys count as text too.
 * Walks with its own stack, so a 5,000-deep body cannot overflow the call stack.
 */
export function findUnstorableInput(value: unknown, root: string): FieldProblem | undefined {
  const pending: { value: unknown; field: string; depth: number }[] = [{ value, field: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, field, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return { field, problems: ['must not contain a NUL character'] };
      if (LONE_SURROGATE.test(current)) return { field, problems: ['must be valid Unicode text (it holds half of a surrogate pair)'] };
    } else if (typeof current === 'number') {
      if (!Number.isFinite(current) || Math.abs(current) > Number.MAX_SAFE_INTEGER) {
        return { field, problems: [`must be a number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`] };
      }
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      if (depth >= MAX_INPUT_DEPTH) return { field, problems: [`must not be nested more than ${MAX_INPUT_DEPTH} levels deep`] };
      for (const [key, child] of Object.entries(current)) {
        const childField = field === '' ? key : Array.isArray(current) ? `${field}[${key}]` : `${field}.${key}`;
        if (LONE_SURROGATE.test(key)) return { field: childField, problems: ['key must be valid Unicode text (it holds half of a surrogate pair)'] };
        if (key.includes('\u0000')) return { field: childField.replace(/\u0000/g, '\\0'), problems: ['key must not contain a NUL character'] };
        pending.push({ value: child, field: childField, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * Runs before validation on every body, path parameter and query: input that no column or event
 * can hold is a malformed request (400 naming the field), never an error deep in the database.
 */
@Injectable()
export class UnstorableInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.type === 'body' ? (metadata.data ?? '') : (metadata.data ?? metadata.type);
    const problem = findUnstorableInput(value, root);
    if (problem) {
      const where = problem.field === '' ? metadata.type : problem.field;
      throw new BadRequestException({ message: `invalid request: ${where}: ${problem.problems.join(', ')}`, details: [{ ...problem, field: where }], code: VALIDATION_FAILED });
    }
    return value;
  }
}

/**
 * Express middleware: a request whose path or query holds a NUL (`%00`) is a 400 before any
 * guard, pipe or handler sees it — guards read path parameters too.
 */
export function refuseUnstorableUrl(request: { url?: string }, response: { status(code: number): { json(body: unknown): void } }, next: () => void): void {
  const url = request.url ?? '';
  if (/%00/i.test(url) || url.includes('\u0000')) {
    response.status(400).json(errorBody(400, 'invalid request: the path or query must not contain a NUL character (%00)', undefined, VALIDATION_FAILED));
    return;
  }
  next();
}
