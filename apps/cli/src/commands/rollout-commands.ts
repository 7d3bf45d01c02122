import type { RolloutView } from '@sdp/contracts';
import { segment } from '../core/api-client';
import { CommandSpec, show } from '../core/command';
import { rolloutView } from './rollout-view';

const rolloutPath = (id: string) => `/api/v1/advertisements/${segment(id.toUpperCase())}/rollout`;

const CONTROLS: { action: 'pause' | 'resume' | 'approve' | 'cancel'; summary: string }[] = [
  { action: 'pause', summary: 'pause a phased deployment: no further phase opens, open ones stay offered' },
  { action: 'resume', summary: 'resume a paused phased deployment (earlier failures no longer count)' },
  { action: 'approve', summary: 'open the next phase of a deployment waiting for approval' },
  { action: 'cancel', summary: 'cancel a phased deployment: withdrawn from every client' },
];

export const rolloutCommands: CommandSpec[] = [
  {
    words: ['rollout', 'status'],
    args: ['ADVERTISEMENT'],
    summary: 'state, gates and per-phase progress of a phased deployment',
    async run(context, { args }) {
      show(context, await context.api.get<RolloutView>('advertisement', rolloutPath(args[0])), rolloutView);
    },
  },
  ...CONTROLS.map(
    ({ action, summary }): CommandSpec => ({
      words: ['rollout', action],
      args: ['ADVERTISEMENT'],
      summary,
      async run(context, { args }) {
        show(context, await context.api.post<RolloutView>('advertisement', `${rolloutPath(args[0])}/${action}`), rolloutView);
      },
    }),
  ),
];
