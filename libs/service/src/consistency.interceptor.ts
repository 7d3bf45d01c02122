import { BadRequestException, CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import {
  collectWrittenEvents,
  CONSISTENCY_HEADER,
  encodeConsistencyToken,
  MalformedConsistencyToken,
  parseConsistencyToken,
  ReadYourWrites,
  WrittenEvents,
} from '@sdp/messaging';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';

/** Longest a request waits for the events its token names, in ms. */
export const CONSISTENCY_WAIT_MS = Symbol('CONSISTENCY_WAIT_MS');

const WRITES: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Read-your-writes across services, for every route of every service:
 *
 * - an authenticated request with an `Sdp-Consistency` token waits (bounded) until this service's consumers have
 *   applied the events it names, then runs; after the bound it runs anyway. A malformed token is 400.
 * - a successful write answers with a token naming the events it enqueued in the outbox.
 *
 * The format of the token is in @sdp/messaging (consistency-token.ts).
 */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CONSISTENCY_WAIT_MS) private readonly waitMs: number,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') {
      return next.handle();
    }
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // Only an authenticated caller may make the service wait (and poll its database) for up to the
    // bound: on a public route (registration, health) a token would let anyone hold requests open.
    const authenticated = (request as Request & { principal?: unknown }).principal !== undefined;
    await this.waitForToken(request.headers[CONSISTENCY_HEADER.toLowerCase()], authenticated);
    if (!WRITES.has(request.method)) {
      return next.handle();
    }
    const written = new WrittenEvents((positions) => {
      // Set as the events are written, so a handler that sends its answer itself carries it too.
      if (!response.headersSent) {
        response.setHeader(CONSISTENCY_HEADER, encodeConsistencyToken(positions));
      }
    });
    // Subscribed inside the collection, so the handler and all it starts run in it.
    const handled = new Observable<unknown>((subscriber) => collectWrittenEvents(written, () => next.handle().subscribe(subscriber)));
    return handled.pipe(
      tap({
        // A failed write may have rolled back what it enqueued: its answer names nothing.
        error: () => {
          if (!response.headersSent) {
            response.removeHeader(CONSISTENCY_HEADER);
          }
        },
      }),
    );
  }

  private async waitForToken(header: string | string[] | undefined, mayWait: boolean): Promise<void> {
    let positions;
    try {
      positions = parseConsistencyToken(header);
    } catch (error) {
      if (error instanceof MalformedConsistencyToken) {
        throw new BadRequestException({ message: error.message, details: [{ field: CONSISTENCY_HEADER, problems: [error.message] }] });
      }
      throw error;
    }
    if (mayWait && positions.length > 0) {
      await this.readYourWrites.waitFor(positions, this.waitMs);
    }
  }
}
