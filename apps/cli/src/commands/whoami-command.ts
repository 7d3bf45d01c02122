import type { MeResponse } from '@sdp/auth';
import { CommandSpec, show } from '../core/command';
import { renderFields } from '../output/table';

export function whoamiView(me: MeResponse): string {
  return renderFields([
    ['Role', me.role],
    ['Name', me.name],
  ]);
}

/** Asks the catalog; every service answers GET /api/v1/me the same way. The token is never shown. */
export const whoamiCommand: CommandSpec = {
  words: ['whoami'],
  summary: 'the role and name of the admin token in use',
  async run(context) {
    show(context, await context.api.get<MeResponse>('catalog', '/api/v1/me'), whoamiView);
  },
};
