import type { CommandSpec } from '../core/command';
import { advertisementCommands } from './advertisement-commands';
import { agentPublishUpdateCommand } from './agent-update-command';
import { agentCommands } from './agent-commands';
import { clientCommands } from './client-commands';
import { collectionCommands } from './collection-commands';
import { dpCommands } from './dp-commands';
import { enrollmentCommands } from './enrollment-commands';
import { meteringCommands } from './metering-commands';
import { packageCommands } from './package-commands';
import { programCommands } from './program-commands';
import { rolloutCommands } from './rollout-commands';
import { statusCommands } from './status-commands';
import { uploadCommand } from './upload-command';
import { whoamiCommand } from './whoami-command';

/** The order of the groups in `sdp help`: the order an administrator works in. */
const GROUP_ORDER = ['package', 'program', 'dp', 'collection', 'maintenance-window', 'client', 'enrollment', 'advertise', 'advertisement', 'rollout', 'metering', 'agent', 'whoami'];

/** Every command, grouped as `sdp help` lists them; within a group in the order given here. */
export const COMMANDS: readonly CommandSpec[] = [
  ...packageCommands,
  uploadCommand,
  ...programCommands,
  ...dpCommands,
  ...collectionCommands,
  ...clientCommands,
  ...enrollmentCommands,
  ...advertisementCommands,
  ...statusCommands,
  ...rolloutCommands,
  ...meteringCommands,
  ...agentCommands,
  agentPublishUpdateCommand,
  whoamiCommand,
].sort((a, b) => GROUP_ORDER.indexOf(a.words[0]) - GROUP_ORDER.indexOf(b.words[0]));
