/**
 * Whether an error means "the database (or the network to it) is unavailable" rather than
 * "this event cannot be applied". Such failures must not count towards dead-lettering: the
 * record is delivered again once the database is back.
 */
export function isInfrastructureError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, cannot connect now),
    // 53300 (too many connections), and Node's socket errors.
    if (code.startsWith('08') || /^57P0[1-3]$/.test(code) || code === '53300') {
      return true;
    }
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code)) {
      return true;
    }
  }
  return typeof message === 'string' && /Connection terminated|Client has encountered a connection error/.test(message);
}
