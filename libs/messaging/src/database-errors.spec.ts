import { isInfrastructureError } from './database-errors';

describe('isInfrastructureError', () => {
  it.each([
    [{ code: '08006', message: 'connection failure' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '53300', message: 'too many connections' }],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [new Error('Connection terminated unexpectedly')],
  ])('treats %p as the database being away', (error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [{ code: '25P02', message: 'current transaction is aborted' }],
    [new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string'],
    [undefined],
  ])('treats %p as a failure of the event', (error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });
});
