/** Something the service needs before it can serve: the database, Kafka, an S3 endpoint. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

/** Runs every check at once, each bounded in time so a hung dependency reads as down. */
export async function evaluateReadiness(checks: ReadinessCheck[], timeoutMs = 3000): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (readiness) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          readiness.check(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [readiness.name, { status: 'up' as const }] as const;
      } catch (error) {
        return [readiness.name, { status: 'down' as const, error: (error as Error).message }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const allUp = results.every(([, result]) => result.status === 'up');
  return { status: allUp ? 'ready' : 'not-ready', checks: Object.fromEntries(results) };
}
