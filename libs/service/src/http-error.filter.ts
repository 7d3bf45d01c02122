import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ALREADY_EXISTS, declareError, DomainError, HTTP_STATUS_OF_KIND, MALFORMED_JSON } from './domain-error';
import { errorBody, ErrorBody } from './error-body';
import { isUniqueViolation, uniqueConstraintOf } from './unique-violation';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * Turns every error into the error shape of api.md, and is the one place where a DomainError's
 * kind becomes an HTTP status; every body carries a stable `code`. Bad input never answers 500: errors raised by
 * the body parser (malformed JSON, too large) are mapped to their 4xx; anything unexpected is
 * logged with its stack and answered without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception }, 'request failed');
    } else if (isUniqueViolation(exception)) {
      // Usually two requests racing; should it ever be a bug instead, the constraint says where.
      this.logger.warn({ constraint: uniqueConstraintOf(exception) }, 'unique constraint answered 409');
    }
    if (!response.headersSent) {
      if (exception instanceof DomainError) {
        for (const [name, value] of Object.entries(exception.headers ?? {})) response.setHeader(name, value);
      }
      response.status(body.statusCode).json(body);
    }
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return errorBody(HTTP_STATUS_OF_KIND[exception.kind], exception.message, exception.details, exception.code);
    }
    if (exception instanceof HttpException) {
      return fromHttpException(exception);
    }
    const parserError = exception as BodyParserError;
    if (parserError?.type === 'entity.parse.failed') {
      return errorBody(HttpStatus.BAD_REQUEST, 'request body is not valid JSON', undefined, MALFORMED_JSON);
    }
    if (parserError?.type === 'entity.too.large') {
      return errorBody(HttpStatus.PAYLOAD_TOO_LARGE, 'request body is too large');
    }
    if (parserError?.expose && parserError.status && parserError.status < 500) {
      return errorBody(parserError.status, (exception as Error).message);
    }
    if (isUniqueViolation(exception)) {
      // Two requests created the same thing at once: the one that lost learns it exists now.
      return errorBody(HttpStatus.CONFLICT, 'it already exists: a request made it at the same moment; read it or try again', undefined, ALREADY_EXISTS);
    }
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
  }
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  // A code on the exception itself (libs/auth's withCode), else in its response object.
  const codeOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const exceptionCode = codeOf((exception as { code?: unknown }).code);
  if (typeof response === 'string') {
    return errorBody(status, response, undefined, exceptionCode);
  }
  const { message, details, code } = response as { message?: unknown; details?: unknown; code?: unknown };
  const text = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
  return errorBody(status, text, details, codeOf(code) ?? exceptionCode);
}

const malformedJson = declareError(MALFORMED_JSON, 'bad-request');

/**
 * Express error middleware, registered right after the body parsers: a body that is not JSON
 * becomes a DomainError (400 MALFORMED_JSON). Without it Nest turns body-parser's SyntaxError
 * into a plain BadRequestException, and the answer would carry only the generic BAD_REQUEST.
 */
export function refuseMalformedJson(error: unknown, _request: unknown, _response: unknown, next: (error: unknown) => void): void {
  const parserError = error as BodyParserError & { message?: string };
  next(parserError?.type === 'entity.parse.failed' ? malformedJson(`request body is not valid JSON: ${parserError.message ?? 'unreadable'}`) : error);
}
