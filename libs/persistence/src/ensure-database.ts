import { Client } from 'pg';
import { assertSafeDatabaseName, databaseNameOf, withDatabase } from './database-url';

/**
 * Creates the service's database when it is missing. Connects to the server's `postgres`
 * database for that, since the target cannot be connected to before it exists.
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  assertSafeDatabaseName(name);
  const admin = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } catch (error) {
        // Two replicas starting at once both try; the loser sees duplicate_database (42P04), or
        // unique_violation (23505) on pg_database when both got past the existence check together.
        if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) {
          throw error;
        }
      }
    }
  } finally {
    await admin.end();
  }
}

/** Drops a database (tests clean up after themselves with it). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  assertSafeDatabaseName(name);
  const admin = new Client({ connectionString: withDatabase(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
