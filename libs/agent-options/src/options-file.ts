/**
 * The agent's options file: the settings an installer bakes in for `sdp-agent --options-file FILE`
 * (written by `sdp agent package`, read by the agent). One `NAME=VALUE` per line, names being the
 * agent's environment variables; `#` starts a comment line. Values are taken as they are, without
 * quotes or escapes, so a secret needs no quoting; a value cannot hold a line break.
 */

/** The environment variables of the agent that an options file may set, with what each means. */
export const AGENT_OPTION_VARIABLES = {
  SDP_TARGETING_URL: 'targeting service URL',
  SDP_ADVERTISEMENT_URL: 'advertisement service URL',
  SDP_REPLICATION_URL: 'content-replication service URL',
  SDP_METERING_URL: 'metering service URL (meters the programs of its rules)',
  SDP_AGENT_ENROLL_SECRET: 'enrollment secret',
  SDP_AGENT_DATA_DIR: 'data directory',
  SDP_AGENT_POLL_SECONDS: 'policy poll interval in seconds',
  SDP_AGENT_CACHE_SIZE_MB: 'content cache limit in MB',
  SDP_AGENT_NAME: 'computer name to report',
  SDP_AGENT_PUSH: 'notification stream on (1) or off (0)',
  SDP_AGENT_INVENTORY_FILE: 'inventory override file',
  SDP_AGENT_METERING_SECONDS: 'how often running programs are sampled for metering',
  SDP_AGENT_UPDATE_CONFIRM_SECONDS: 'how long an updated agent has to report in before it is rolled back',
  SDP_AGENT_OUTPUT_TAIL_BYTES: "how much of the end of a program's stdout and of its stderr a status report carries (256 to 16384 bytes)",
} as const;

export type AgentOptionName = keyof typeof AGENT_OPTION_VARIABLES;
export type AgentOptions = Partial<Record<AgentOptionName, string>>;

export class OptionsFileError extends Error {}

function isOptionName(name: string): name is AgentOptionName {
  return Object.hasOwn(AGENT_OPTION_VARIABLES, name);
}

/** The file's text; refuses a value that would not read back as written. */
export function renderOptionsFile(options: AgentOptions, header: string[] = []): string {
  const lines = header.map((line) => `# ${line}`);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!isOptionName(name)) throw new OptionsFileError(`${name} is not an agent option`);
    if (/[\r\n]/.test(value) || value !== value.trim()) {
      throw new OptionsFileError(`the value of ${name} must be one line without leading or trailing spaces`);
    }
    lines.push(`${name}=${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The options of a file's text; `source` names the file in errors. */
export function parseOptionsFile(text: string, source: string): AgentOptions {
  const options: AgentOptions = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    const name = equals < 0 ? line : line.slice(0, equals).trim();
    if (equals < 0 || !isOptionName(name)) {
      throw new OptionsFileError(`${source} line ${index + 1}: expected NAME=VALUE with NAME one of ${Object.keys(AGENT_OPTION_VARIABLES).join(', ')}`);
    }
    options[name] = line.slice(equals + 1).trim();
  });
  return options;
}
