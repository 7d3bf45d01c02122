import type { OpenAPIObject } from '@nestjs/swagger';
import { CONSISTENCY_HEADER } from '@sdp/messaging';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const WRITES: ReadonlySet<string> = new Set(['put', 'post', 'patch', 'delete']);

const REQUEST_DESCRIPTION =
  'Read your writes across services: the tokens of earlier write answers (comma-separated). The request waits, at most ' +
  'CONSISTENCY_WAIT_MS (5 s by default), until this service has applied the events they name, then runs (after the wait, ' +
  'as it would have anyway). Tokens of events this service does not consume are ignored; a malformed value is 400.';

const RESPONSE_DESCRIPTION =
  'The events this write caused, as `topic~subject~sequence` items (subject percent-encoded), comma-separated. Send it ' +
  `back in the ${CONSISTENCY_HEADER} header of the next requests, to any service, to see this write there.`;

/** Adds the Sdp-Consistency request header to every operation and the response header to every successful write. */
export function documentConsistencyHeader(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      operation.parameters = [
        ...(operation.parameters ?? []),
        { name: CONSISTENCY_HEADER, in: 'header', required: false, description: REQUEST_DESCRIPTION, schema: { type: 'string' } },
      ];
      if (!WRITES.has(method)) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (response && /^2\d\d$/.test(status) && !('$ref' in response)) {
          response.headers = { ...response.headers, [CONSISTENCY_HEADER]: { description: RESPONSE_DESCRIPTION, schema: { type: 'string' } } };
        }
      }
    }
  }
  return document;
}
