import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors';
import { ConfigFile, parseConfigFile } from './settings';

export function configPathFrom(env: NodeJS.ProcessEnv): string {
  return env.SDP_CONFIG || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'sdp', 'config.json');
}

/** The profile file, or undefined when it does not exist (profiles are optional). */
export function readConfigFile(path: string): ConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseConfigFile(text, path);
}
