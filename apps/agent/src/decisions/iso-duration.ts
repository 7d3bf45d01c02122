/** An ISO-8601 duration split into calendar parts (months vary in length) and exact milliseconds. */
export interface IsoDuration {
  months: number;
  days: number;
  milliseconds: number;
}

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseIsoDuration(text: string): IsoDuration {
  const match = DURATION.exec(text);
  if (!match) {
    throw new Error(`not an ISO-8601 duration: ${text}`);
  }
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const duration = {
    months: years * 12 + months,
    days: weeks * 7 + days,
    milliseconds: ((hours * 60 + minutes) * 60 + seconds) * 1000,
  };
  if (duration.months === 0 && duration.days === 0 && duration.milliseconds === 0) {
    throw new Error(`duration must be longer than zero: ${text}`);
  }
  return duration;
}

/** `start` plus `count` times the duration, calendar parts in UTC (a month after 31 Jan is the last day of February). */
export function addDuration(start: Date, duration: IsoDuration, count: number): Date {
  const result = new Date(start.getTime());
  if (duration.months !== 0) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + duration.months * count);
    result.setUTCDate(Math.min(day, daysInUtcMonth(result)));
  }
  result.setUTCDate(result.getUTCDate() + duration.days * count);
  return new Date(result.getTime() + duration.milliseconds * count);
}

function daysInUtcMonth(date: Date): number {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
}
