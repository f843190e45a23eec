/**
 * ISO 8601 with an explicit offset ("2026-11-29T23:59:00.000-06:00"), as DESIGN asks of every
 * timestamp. `offsetMinutes` is east of UTC (Chicago in winter: -360); the caller reads it
 * from its environment (`-date.getTimezoneOffset()`).
 */
export function isoWithOffset(date: Date, offsetMinutes: number): string {
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The same, in the zone of the running process (the only zone a Date knows). */
export function localIso(date: Date): string {
  return isoWithOffset(date, -date.getTimezoneOffset());
}
