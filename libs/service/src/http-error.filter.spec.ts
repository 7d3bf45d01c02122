import { ArgumentsHost, BadRequestException, ConflictException, ForbiddenException } from '@nestjs/common';
import { withCode } from '@sdp/auth';
import pino from 'pino';
import { declareError } from './domain-error';
import { HttpErrorFilter, refuseMalformedJson } from './http-error.filter';

function answer(exception: unknown): { status: number; body: unknown } {
  const sent: { status: number; body: unknown } = { status: 0, body: undefined };
  const response = {
    headersSent: false,
    setHeader: () => undefined,
    status(code: number) {
      sent.status = code;
      return { json: (body: unknown) => void (sent.body = body) };
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new HttpErrorFilter(pino({ level: 'silent' })).catch(exception, host);
  return sent;
}

describe('HttpErrorFilter', () => {
  it('answers a unique violation from PostgreSQL (two creates at once) with 409, not 500', () => {
    const queryFailed = Object.assign(new Error('duplicate key value violates unique constraint'), { driverError: { code: '23505' } });
    expect(answer(queryFailed)).toEqual({
      status: 409,
      body: { statusCode: 409, error: 'Conflict', code: 'ALREADY_EXISTS', message: 'it already exists: a request made it at the same moment; read it or try again' },
    });
    expect(answer(Object.assign(new Error('dup'), { code: '23505' })).status).toBe(409);
  });

  it('logs the constraint of a unique violation it answers with 409, so a bug behind one is found', () => {
    const logged: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    const response = { headersSent: false, setHeader: () => undefined, status: () => ({ json: () => undefined }) };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new HttpErrorFilter(logger).catch(Object.assign(new Error('dup'), { driverError: { code: '23505', constraint: 'collection_name_key' } }), host);
    expect(logged).toEqual([expect.objectContaining({ level: 40, constraint: 'collection_name_key', msg: 'unique constraint answered 409' })]);
  });

  it('keeps HTTP exceptions, maps body-parser errors, and hides anything else behind 500', () => {
    expect(answer(new ConflictException('package S0100001 is in use'))).toEqual({ status: 409, body: { statusCode: 409, error: 'Conflict', code: 'CONFLICT', message: 'package S0100001 is in use' } });
    expect(answer(Object.assign(new Error('x'), { type: 'entity.parse.failed' })).status).toBe(400);
    expect(answer(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }))).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', code: 'INTERNAL_ERROR', message: 'internal error' },
    });
  });

  it('answers a domain error with its kind\'s status, its code, its details and its headers', () => {
    const headers: Record<string, string> = {};
    const sent: { status: number; body: unknown } = { status: 0, body: undefined };
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => void (headers[name] = value),
      status: (code: number) => ((sent.status = code), { json: (body: unknown) => void (sent.body = body) }),
    };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    const widgetUnknown = declareError('WIDGET_NOT_KNOWN_YET', 'rule-broken');
    const error = widgetUnknown('widgetId: not known yet', [{ field: 'widgetId', problems: ['not known yet'] }], { 'Retry-After': '1' });
    new HttpErrorFilter(pino({ level: 'silent' })).catch(error, host);
    expect(sent).toEqual({
      status: 422,
      body: { statusCode: 422, error: 'Unprocessable Entity', code: 'WIDGET_NOT_KNOWN_YET', message: 'widgetId: not known yet', details: [{ field: 'widgetId', problems: ['not known yet'] }] },
    });
    expect(headers).toEqual({ 'Retry-After': '1' });
  });

  it('keeps the code an HTTP exception names, and gives every other one its status\'s generic code', () => {
    expect(answer(new BadRequestException({ message: 'invalid request: name: must be text', code: 'VALIDATION_FAILED' })).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(answer(Object.assign(new Error('x'), { type: 'entity.parse.failed' })).body).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(answer(Object.assign(new Error('too big'), { type: 'entity.too.large' })).body).toMatchObject({ code: 'TOO_LARGE' });
  });

  it('turns body-parser\'s parse failure into MALFORMED_JSON before Nest maps it to a plain 400, and passes other errors on', () => {
    const passed: unknown[] = [];
    const parseFailure = Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 });
    refuseMalformedJson(parseFailure, {}, {}, (error) => passed.push(error));
    const other = new Error('something else');
    refuseMalformedJson(other, {}, {}, (error) => passed.push(error));
    expect(answer(passed[0])).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', code: 'MALFORMED_JSON', message: 'request body is not valid JSON: Unexpected end of JSON input' },
    });
    expect(passed[1]).toBe(other);
  });

  it('answers an auth refusal with the code it carries, and keeps its message', () => {
    expect(answer(withCode(new ForbiddenException('This endpoint needs an admin token'), 'ADMIN_TOKEN_REQUIRED'))).toEqual({
      status: 403,
      body: { statusCode: 403, error: 'Forbidden', code: 'ADMIN_TOKEN_REQUIRED', message: 'This endpoint needs an admin token' },
    });
  });
});
