import { ApiError, CliError, errorLine, EXIT_FAILURE, EXIT_USAGE, exitCodeOf, UsageError } from './errors';

describe('errorLine', () => {
  it('gives status, error name, message and the fields of the details', () => {
    const error = new ApiError(
      422,
      { statusCode: 422, error: 'Unprocessable Entity', message: 'platforms: must be a list', details: [{ field: 'platforms', problems: ['x'] }, { field: 'runAs', problems: ['y'] }] },
      'POST /api/v1/packages/S0100001/programs',
    );
    expect(errorLine(error)).toBe('sdp: 422 Unprocessable Entity: platforms: must be a list (fields: platforms, runAs)');
  });

  it('names each field once and ignores details without fields', () => {
    const error = new ApiError(400, { error: 'Bad Request', message: 'invalid request', details: [{ field: 'name' }, { field: 'name' }, { other: 1 }] }, 'POST /x');
    expect(errorLine(error)).toBe('sdp: 400 Bad Request: invalid request (fields: name)');
  });

  it('falls back to the request when the body is not the error shape', () => {
    expect(errorLine(new ApiError(502, 'Bad gateway from proxy\n', 'GET /api/v1/packages'))).toBe('sdp: GET /api/v1/packages: HTTP 502: Bad gateway from proxy');
    expect(errorLine(new ApiError(500, undefined, 'GET /api/v1/packages'))).toBe('sdp: GET /api/v1/packages: HTTP 500');
  });

  it('keeps a multi-line message on one line', () => {
    expect(errorLine(new Error('first\n  second\nthird'))).toBe('sdp: first second third');
  });
});

describe('exitCodeOf', () => {
  it('is 2 for usage errors, 1 for failed requests and for anything unexpected', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(EXIT_USAGE);
    expect(exitCodeOf(new ApiError(404, {}, 'GET /'))).toBe(EXIT_FAILURE);
    expect(exitCodeOf(new CliError('x', 3))).toBe(3);
    expect(exitCodeOf(new TypeError('bug'))).toBe(EXIT_FAILURE);
  });
});
