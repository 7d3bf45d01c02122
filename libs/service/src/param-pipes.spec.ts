import { integerParam, uuidParam } from './validation';

const param = { type: 'param' as const, data: 'id' };

describe('path parameter pipes', () => {
  it('passes a UUID of any version and refuses anything else with 400 VALIDATION_FAILED', async () => {
    await expect(uuidParam().transform('0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f', param)).resolves.toBe('0195f3c2-8a4b-7c3d-9e1f-2a3b4c5d6e7f');
    await expect(uuidParam().transform('not-a-uuid', param)).rejects.toMatchObject({
      status: 400,
      response: { message: 'Validation failed (uuid is expected)', code: 'VALIDATION_FAILED' },
    });
  });

  it('passes a whole number and refuses anything else with 400 VALIDATION_FAILED', async () => {
    await expect(integerParam().transform('42', param)).resolves.toBe(42);
    await expect(integerParam().transform('4.2', param)).rejects.toMatchObject({
      status: 400,
      response: { message: 'Validation failed (numeric string is expected)', code: 'VALIDATION_FAILED' },
    });
  });
});
