import { apiErrorFrom } from './api-error';

describe('apiErrorFrom', () => {
  it('keeps the services\' code, message and details, so the console decides on the code', () => {
    const error = apiErrorFrom(409, {
      statusCode: 409,
      error: 'Conflict',
      code: 'DISTRIBUTION_POINT_IN_USE',
      message: 'distribution point dp1 is used by packages S0100001; remove them first or delete with ?force=true',
      details: [{ field: 'name', problems: ['used by packages S0100001'] }],
    });
    expect(error).toMatchObject({ status: 409, code: 'DISTRIBUTION_POINT_IN_USE', details: [{ field: 'name', problems: ['used by packages S0100001'] }] });
    expect(error.message).toContain('is used by packages S0100001');
  });

  it('has no code when the answer is not the services\' error shape', () => {
    expect(apiErrorFrom(502, 'Bad Gateway')).toMatchObject({ status: 502, code: undefined, message: 'A service is not reachable' });
  });
});
