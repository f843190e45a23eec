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

/**
 * The time as Python's naive `datetime.now().isoformat()` prints it: local wall time, no offset,
 * microseconds only when there are any ("2026-11-29T23:59:00", "2026-11-29T23:59:00.120000").
 * The seed's tools read the status's `start_time` with `datetime.fromisoformat` and subtract it
 * from a naive `datetime.now()`: an offset there makes them fail.
 */
export function pythonLocalIso(date: Date): string {
  const local = isoWithOffset(date, -date.getTimezoneOffset()); // 2026-11-29T23:59:00.120-06:00
  const seconds = local.slice(0, 19);
  const millis = local.slice(20, 23);
  return millis === '000' ? seconds : `${seconds}.${millis}000`;
}
