export const SERVICE_NAMES = ['catalog', 'replication', 'targeting', 'advertisement', 'metering'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface ConsoleServerConfig {
  port: number;
  host: string;
  staticDir: string;
  services: Record<ServiceName, URL>;
}

const DEFAULT_URLS: Record<ServiceName, string> = {
  catalog: 'http://127.0.0.1:3001',
  replication: 'http://127.0.0.1:3002',
  targeting: 'http://127.0.0.1:3003',
  advertisement: 'http://127.0.0.1:3004',
  metering: 'http://127.0.0.1:3005',
};

const URL_VARIABLES: Record<ServiceName, string> = {
  catalog: 'CATALOG_URL',
  replication: 'REPLICATION_URL',
  targeting: 'TARGETING_URL',
  advertisement: 'ADVERTISEMENT_URL',
  metering: 'METERING_URL',
};

function serviceUrl(variable: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${variable} must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${variable} must be an http(s) URL`);
  }
  return url;
}

/** Reads the environment; a bad variable throws with its name so the process can stop with one line. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv, staticDir: string): ConsoleServerConfig {
  const rawPort = env.PORT?.trim() || '3000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error('PORT must be an integer 0..65535');
  }
  const services = {} as Record<ServiceName, URL>;
  for (const name of SERVICE_NAMES) {
    const variable = URL_VARIABLES[name];
    services[name] = serviceUrl(variable, env[variable]?.trim() || DEFAULT_URLS[name]);
  }
  return { port, host: env.HOST?.trim() || '0.0.0.0', staticDir: env.CONSOLE_STATIC_DIR?.trim() || staticDir, services };
}
