/**
 * Colombian business days: Monday to Friday except the national holidays of Ley 51 de 1983 (holidays that
 * move to the following Monday) and the Easter-dependent ones. Legal deadlines ("10 días hábiles") count
 * these days.
 */

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (date: Date, n: number) => new Date(date.getTime() + n * 86_400_000);
const key = (date: Date) => date.toISOString().slice(0, 10);

/** Easter Sunday (Gregorian computus, the anonymous algorithm). */
export function easter(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return day(year, month, dayOfMonth);
}

/** A holiday that moves to the following Monday unless it falls on one (Ley 51 de 1983). */
const nextMonday = (date: Date) => addDays(date, (8 - date.getUTCDay()) % 7);

const cache = new Map<number, Set<string>>();

/** The national holidays of a year, as YYYY-MM-DD. */
export function holidays(year: number): Set<string> {
  const cached = cache.get(year);
  if (cached) return cached;
  const e = easter(year);
  const dates = [
    day(year, 1, 1), day(year, 5, 1), day(year, 7, 20), day(year, 8, 7), day(year, 12, 8), day(year, 12, 25),
    ...[day(year, 1, 6), day(year, 3, 19), day(year, 6, 29), day(year, 8, 15), day(year, 10, 12), day(year, 11, 1), day(year, 11, 11)].map(nextMonday),
    addDays(e, -3), addDays(e, -2), // Holy Thursday and Good Friday
    nextMonday(addDays(e, 39)), nextMonday(addDays(e, 60)), nextMonday(addDays(e, 68)), // Ascension, Corpus Christi, Sacred Heart
  ];
  const set = new Set(dates.map(key));
  cache.set(year, set);
  return set;
}

/** Colombia's civil date (UTC−5, no daylight saving) of an instant. */
export const bogotaDate = (instant: Date) => key(addDays(instant, -5 / 24));

export function isBusinessDay(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = d.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays(d.getUTCFullYear()).has(date);
}

/**
 * The deadline `count` business days after an instant: the term starts the next business day and ends at
 * the end of the last one (23:59:59.999 in Bogotá).
 */
export function addBusinessDays(from: Date, count: number): Date {
  let date = bogotaDate(from);
  for (let left = count; left > 0; ) {
    date = key(addDays(new Date(`${date}T00:00:00Z`), 1));
    if (isBusinessDay(date)) left--;
  }
  return new Date(new Date(`${date}T23:59:59.999Z`).getTime() + 5 * 3_600_000);
}

/** Business days from one instant to another (0 when the second is not later). */
export function businessDaysBetween(from: Date, to: Date): number {
  let count = 0;
  let date = bogotaDate(from);
  const end = bogotaDate(to);
  while (date < end) {
    date = key(addDays(new Date(`${date}T00:00:00Z`), 1));
    if (isBusinessDay(date)) count++;
  }
  return count;
}
