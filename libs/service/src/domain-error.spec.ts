import { declareError, DomainError, knownErrorCodes } from './domain-error';

describe('domain errors', () => {
  it('makes errors of the declared code and kind, and lists the code among the known ones', () => {
    const gadgetMissing = declareError('GADGET_MISSING', 'not-found');
    const error = gadgetMissing('gadget 7 not found');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'GADGET_MISSING', kind: 'not-found', message: 'gadget 7 not found' });
    expect(knownErrorCodes()).toEqual(expect.arrayContaining(['GADGET_MISSING', 'VALIDATION_FAILED', 'NOT_FOUND', 'INTERNAL_ERROR']));
  });

  it('refuses a code that is not UPPER_SNAKE_CASE, and one code declared with two kinds', () => {
    expect(() => declareError('gadget-missing', 'not-found')).toThrow('UPPER_SNAKE_CASE');
    declareError('GADGET_BUSY', 'conflict');
    expect(() => declareError('GADGET_BUSY', 'conflict')).not.toThrow();
    expect(() => declareError('GADGET_BUSY', 'not-found')).toThrow('declared as conflict and as not-found');
  });
});
