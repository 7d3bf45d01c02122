import type { CommandSpec, OptionSpec } from './command';
import { GLOBAL_OPTIONS, usageLine } from './parse';

const GROUP_TITLES: Record<string, string> = {
  package: 'Packages',
  program: 'Programs',
  dp: 'Distribution points',
  collection: 'Collections',
  'maintenance-window': 'Maintenance windows',
  client: 'Clients',
  enrollment: 'Enrollment secrets',
  advertise: 'Advertisements',
  advertisement: 'Advertisements',
  metering: 'Software metering',
  whoami: 'Token',
};

const FOOTER = `Settings come from flags, then SDP_CATALOG_URL, SDP_REPLICATION_URL, SDP_TARGETING_URL,
SDP_ADVERTISEMENT_URL, SDP_METERING_URL, SDP_TOKEN, then the profile (--profile NAME or SDP_PROFILE)
in $SDP_CONFIG or ~/.config/sdp/config.json ({"profiles": {"NAME": {"catalogUrl", "replicationUrl",
"targetingUrl", "advertisementUrl", "meteringUrl", "token"}}, "defaultProfile": "NAME"}), then the
local defaults http://127.0.0.1:3001..3005 and token dev-admin-token. A token given empty
(--token "", SDP_TOKEN=) is refused, never replaced by dev-admin-token.

Exit codes: 0 success; 1 the request failed (API error, service unreachable, --until failed);
2 usage error (unknown command or option, missing argument, bad value: every one of the command
line is named, one line each); 3 --watch --timeout ran out before --until was reached. Errors
are one line on stderr: "sdp: <reason>".`;

function optionLines(options: Record<string, OptionSpec>): string[] {
  const labels = Object.entries(options).map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : '';
    const value = option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, option.help] as const;
  });
  const width = Math.max(...labels.map(([label]) => label.length));
  return labels.map(([label, help]) => `${label.padEnd(width)}  ${help}`);
}

function commandList(specs: readonly CommandSpec[]): string[] {
  const lines: string[] = [];
  let title: string | undefined;
  for (const spec of specs) {
    const group = GROUP_TITLES[spec.words[0]] ?? spec.words[0];
    if (group !== title) {
      if (title !== undefined) lines.push('');
      lines.push(group);
      title = group;
    }
    lines.push(`  ${usageLine(spec)}`, `      ${spec.summary}`);
  }
  return lines;
}

/** Help for everything (no words), a group (`package`) or one command (`package create`). */
export function helpText(specs: readonly CommandSpec[], words: readonly string[]): string {
  const exact = specs.find((spec) => spec.words.join(' ') === words.join(' '));
  if (exact) {
    return [
      `Usage: ${usageLine(exact)}`,
      '',
      exact.summary,
      ...(exact.options && Object.keys(exact.options).length > 0 ? ['', 'Options', ...optionLines(exact.options)] : []),
      '',
      'Global options',
      ...optionLines(GLOBAL_OPTIONS),
    ].join('\n');
  }
  const matching = specs.filter((spec) => words.every((word, index) => spec.words[index] === word));
  if (words.length > 0 && matching.length > 0) {
    return [`Commands of sdp ${words.join(' ')} (sdp ${words.join(' ')} COMMAND --help for its options)`, '', ...commandList(matching)].join('\n');
  }
  return [
    "sdp - the administrator's command line of the software distribution platform",
    '',
    'Usage: sdp COMMAND [ARGS] [OPTIONS]    sdp GROUP --help    sdp COMMAND --help',
    '',
    ...commandList(specs),
    '',
    'Global options (any command)',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    FOOTER,
  ].join('\n');
}
