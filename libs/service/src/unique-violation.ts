/** PostgreSQL's unique_violation (23505), as TypeORM's QueryFailedError or the pg driver raise it. */
export function isUniqueViolation(exception: unknown): boolean {
  const error = exception as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return error?.code === '23505' || error?.driverError?.code === '23505';
}

export function uniqueConstraintOf(exception: unknown): string | undefined {
  const error = exception as { constraint?: unknown; driverError?: { constraint?: unknown } } | undefined;
  const constraint = error?.driverError?.constraint ?? error?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
