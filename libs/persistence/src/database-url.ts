/**
 * Each service owns one database. Configuration gives a server URL (with or without a database
 * path); the service names its own database.
 */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) {
    throw new Error(`database URL names no database: ${redactUrl(url)}`);
  }
  return name;
}

/** A database URL fit for logs: the password is replaced. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) {
    parsed.password = '***';
  }
  return parsed.toString();
}

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSafeDatabaseName(name: string): void {
  if (!SAFE_IDENTIFIER.test(name)) {
    throw new Error(`database name ${JSON.stringify(name)} must match ${SAFE_IDENTIFIER}`);
  }
}
