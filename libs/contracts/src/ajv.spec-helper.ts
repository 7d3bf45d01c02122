import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/**
 * A draft-07 validator with the standard formats, as an outside consumer would use. Strict by
 * default; the official AsyncAPI schema needs `strict: false` for keywords Ajv does not know.
 */
export function createDraft07Validator(strict = true): Ajv {
  const ajv = new Ajv({ allErrors: true, strict });
  addFormats(ajv);
  return ajv;
}
