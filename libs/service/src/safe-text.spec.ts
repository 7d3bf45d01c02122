import { UnprocessableEntityException, BadRequestException } from '@nestjs/common';
import { IsString } from 'class-validator';
import { SafeText, unsafeTextProblem } from './safe-text';
import { createValidationPipe } from './validation';

class Named {
  @IsString()
  @SafeText({ required: true })
  name!: string;

  @IsString()
  @SafeText({ multiline: true })
  comment!: string;
}

describe('unsafeTextProblem', () => {
  it('refuses C0 and C1 controls and bidi overrides, naming the code point', () => {
    expect(unsafeTextProblem('red\u001b[31m')).toBe('must not contain control characters or bidi overrides (found U+001B)');
    expect(unsafeTextProblem('x\u0085y')).toMatch(/U\+0085/);
    expect(unsafeTextProblem('exe.\u202etxt')).toMatch(/U\+202E/);
    expect(unsafeTextProblem('a\u2066b')).toMatch(/U\+2066/);
    expect(unsafeTextProblem('tab\there')).toMatch(/U\+0009/);
  });

  it('lets tabs and line breaks into multi-line text, and refuses whitespace alone where a value is required', () => {
    expect(unsafeTextProblem('line one\nline\ttwo\r\n', { multiline: true })).toBeUndefined();
    expect(unsafeTextProblem('bell\u0007', { multiline: true })).toMatch(/U\+0007/);
    expect(unsafeTextProblem('  ', { required: true })).toBe('must not be only whitespace');
    expect(unsafeTextProblem('  ')).toBeUndefined();
    expect(unsafeTextProblem('Demo Tool 1.2 — ü 😀 עברית', { required: true })).toBeUndefined();
    expect(unsafeTextProblem(42)).toBeUndefined();
  });
});

describe('the validation pipe with safe text', () => {
  const pipe = createValidationPipe();
  const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: Named });

  it('answers 422 naming the field when the only problem is unsafe text', async () => {
    const refusal = await validate({ name: 'exe.\u202etxt', comment: '' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnprocessableEntityException);
    expect((refusal as UnprocessableEntityException).getResponse()).toMatchObject({
      details: [{ field: 'name', problems: ['name must not contain control characters or bidi overrides (found U+202E)'] }],
    });
    await expect(validate({ name: '   ', comment: '' })).rejects.toBeInstanceOf(UnprocessableEntityException);
  });

  it('keeps 400 when anything else is wrong too', async () => {
    await expect(validate({ name: '\u001b', comment: 5 })).rejects.toBeInstanceOf(BadRequestException);
    await expect(validate({ name: 'ok', comment: 'fine\n' })).resolves.toMatchObject({ name: 'ok' });
  });
});
