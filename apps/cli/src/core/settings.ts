import { UsageError } from './errors';
import { reportUsageProblem } from './usage-problems';

export type ServiceKey = 'catalog' | 'replication' | 'targeting' | 'advertisement' | 'metering';

export interface Settings {
  urls: Record<ServiceKey, string>;
  token: string;
}

/** The local defaults of api.md: `npm start` runs the four services on these ports with this admin token. */
export const DEFAULT_SETTINGS: Settings = {
  urls: {
    catalog: 'http://127.0.0.1:3001',
    replication: 'http://127.0.0.1:3002',
    targeting: 'http://127.0.0.1:3003',
    advertisement: 'http://127.0.0.1:3004',
    metering: 'http://127.0.0.1:3005',
  },
  token: 'dev-admin-token',
};

export const SERVICE_KEYS: readonly ServiceKey[] = ['catalog', 'replication', 'targeting', 'advertisement', 'metering'];

/** One named profile of the config file: any subset of the settings. */
export interface Profile {
  catalogUrl?: string;
  replicationUrl?: string;
  targetingUrl?: string;
  advertisementUrl?: string;
  meteringUrl?: string;
  token?: string;
}

export interface ConfigFile {
  /** The profile used when neither --profile nor SDP_PROFILE names one. */
  defaultProfile?: string;
  profiles?: Record<string, Profile>;
}

export interface SettingsFlags {
  'catalog-url'?: string;
  'replication-url'?: string;
  'targeting-url'?: string;
  'advertisement-url'?: string;
  'metering-url'?: string;
  token?: string;
  profile?: string;
}

export interface SettingsSources {
  flags: SettingsFlags;
  env: NodeJS.ProcessEnv;
  /** The parsed config file, or undefined when there is none. */
  config: ConfigFile | undefined;
  /** Where the config file is, for messages. */
  configPath: string;
}

const FLAG_OF: Record<ServiceKey, keyof SettingsFlags> = {
  catalog: 'catalog-url',
  replication: 'replication-url',
  targeting: 'targeting-url',
  advertisement: 'advertisement-url',
  metering: 'metering-url',
};
const ENV_OF: Record<ServiceKey, string> = {
  catalog: 'SDP_CATALOG_URL',
  replication: 'SDP_REPLICATION_URL',
  targeting: 'SDP_TARGETING_URL',
  advertisement: 'SDP_ADVERTISEMENT_URL',
  metering: 'SDP_METERING_URL',
};
const PROFILE_OF: Record<ServiceKey, keyof Profile> = {
  catalog: 'catalogUrl',
  replication: 'replicationUrl',
  targeting: 'targetingUrl',
  advertisement: 'advertisementUrl',
  metering: 'meteringUrl',
};

/** Each setting from the first source that has it: flag, then environment, then profile, then default. */
export function resolveSettings({ flags, env, config, configPath }: SettingsSources): Settings {
  const profile = selectProfile(flags.profile ?? nonEmpty(env.SDP_PROFILE), config, configPath);
  const pick = (flag: string | undefined, envName: string, fromProfile: string | undefined, fallback: string) =>
    nonEmpty(flag) ?? nonEmpty(env[envName]) ?? nonEmpty(fromProfile) ?? fallback;
  const urls = {} as Record<ServiceKey, string>;
  for (const key of SERVICE_KEYS) {
    const url = pick(flags[FLAG_OF[key]], ENV_OF[key], profile[PROFILE_OF[key]], DEFAULT_SETTINGS.urls[key]);
    urls[key] = checkUrl(url, key).replace(/\/+$/, '');
  }
  return { urls, token: resolveToken(flags.token, env.SDP_TOKEN, profile.token) };
}

/**
 * The token from --token, SDP_TOKEN, the profile, else the development token. One given but
 * empty is a mistake (an unset variable in a script, `--token ""`), never a reason to fall back
 * to the development token: it is refused, naming where it came from.
 */
function resolveToken(flag: string | undefined, fromEnv: string | undefined, fromProfile: string | undefined): string {
  const sources: [string | undefined, string][] = [
    [flag, '--token is empty'],
    [fromEnv, 'SDP_TOKEN is set but empty'],
    [fromProfile, 'the profile\'s token is empty'],
  ];
  for (const [token, emptyProblem] of sources) {
    if (token === undefined) continue;
    if (token.trim() === '') {
      reportUsageProblem(`${emptyProblem}: give the admin token, or leave it out to use the next source (--token, SDP_TOKEN, the profile, the development token)`);
      return '';
    }
    return token;
  }
  return DEFAULT_SETTINGS.token;
}

function selectProfile(name: string | undefined, config: ConfigFile | undefined, configPath: string): Profile {
  const profiles = config?.profiles ?? {};
  if (name === undefined) {
    const fallback = config?.defaultProfile;
    return fallback !== undefined && Object.hasOwn(profiles, fallback) ? profiles[fallback] : {};
  }
  if (config === undefined) {
    throw new UsageError(`profile "${name}" requested but there is no config file at ${configPath}`);
  }
  if (!Object.hasOwn(profiles, name)) {
    const known = Object.keys(profiles);
    throw new UsageError(`no profile "${name}" in ${configPath}${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ''}`);
  }
  return profiles[name];
}

function checkUrl(url: string, key: ServiceKey): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // falls through to the usage error below
  }
  reportUsageProblem(`the ${key} URL ${JSON.stringify(url)} is not an http(s) URL`);
  return url;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Checks the shape of a parsed config file so a typo there gives a clear message, not a crash. */
export function parseConfigFile(text: string, configPath: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${configPath} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${configPath} must hold a JSON object {"profiles": {"NAME": {...}}}`);
  }
  const config = value as ConfigFile;
  if (config.profiles !== undefined && (typeof config.profiles !== 'object' || config.profiles === null || Array.isArray(config.profiles))) {
    throw new UsageError(`${configPath}: "profiles" must be an object of named profiles`);
  }
  for (const [name, profile] of Object.entries(config.profiles ?? {})) {
    if (typeof profile !== 'object' || profile === null) throw new UsageError(`${configPath}: profile "${name}" must be an object`);
    for (const [key, setting] of Object.entries(profile)) {
      if (typeof setting !== 'string') throw new UsageError(`${configPath}: profile "${name}": ${key} must be a string`);
    }
  }
  return config;
}
