import type { NextFunction, Request, Response } from 'express';
import { Counter, Registry } from 'prom-client';

export interface ResponseStatusCounterOptions {
  registry: Registry;
  name: string;
  help: string;
}

/**
 * Express middleware counting the responses of the routes it is applied to by final status
 * code (`outcome="200"`, `"304"`, `"403"`, ...). Applied as route middleware it also sees the
 * answers of guards and pipes, which a handler never does.
 */
export function responseStatusCounter(options: ResponseStatusCounterOptions) {
  const counter = new Counter({ name: options.name, help: options.help, labelNames: ['outcome'], registers: [options.registry] });
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.once('finish', () => counter.inc({ outcome: String(response.statusCode) }));
    next();
  };
}
