import type { Frequency } from '../horizon.js';

/**
 * A series id: what the series' file is called (`<id>.csv`). FRED's are capitals and digits; a
 * user's own files may use letters of either case, digits, `_`, `-` and `.` (never a path).
 */
export const SERIES_ID_PATTERN = /^(?!\.)[A-Za-z0-9_.-]+$/;

/**
 * One observed series as read from its source. `values[i]` belongs to `dates[i]` (YYYY-MM-DD,
 * strictly increasing); null where the publisher has no observation (an empty or `.` cell).
 */
export interface Series {
  readonly id: string;
  /** Where it came from: a file path or a URL, for the ingest record and error messages. */
  readonly source: string;
  /** sha256 of the raw file, hex: equal hashes mean nothing to ingest. */
  readonly fileHash: string;
  readonly dates: readonly string[];
  readonly values: readonly (number | null)[];
}

/** What the warehouse records per ingested series (raw._ingest_log). */
export interface IngestRecord {
  readonly seriesId: string;
  readonly source: string;
  readonly rows: number;
  /** Rows with a value. */
  readonly nonEmpty: number;
  readonly firstDate: string | null;
  readonly lastDate: string | null;
  readonly fileHash: string;
  readonly frequency: Frequency;
  /** ISO 8601: when this content was first ingested. */
  readonly ingestedAt: string;
}

/** What the warehouse records of a series it took in at `now`, counted from the series itself. */
export function ingestRecordOf(series: Series, now: Date): IngestRecord {
  return {
    seriesId: series.id,
    source: series.source,
    rows: series.dates.length,
    nonEmpty: series.values.filter((v) => v !== null).length,
    firstDate: series.dates[0] ?? null,
    lastDate: series.dates.at(-1) ?? null,
    fileHash: series.fileHash,
    frequency: inferFrequency(series.dates),
    ingestedAt: now.toISOString(),
  };
}

/** The outcome of one ingest call per series: `unchanged` when the same file was already in. */
export interface IngestOutcome {
  readonly record: IngestRecord;
  readonly changed: boolean;
}

/**
 * Monthly when every date is the first of a month and no two fall in one month; daily otherwise.
 * (FRED's monthly series are dated the first day of the month they describe.)
 */
export function inferFrequency(dates: readonly string[]): Frequency {
  if (dates.length === 0) return 'monthly';
  const months = new Set<string>();
  for (const date of dates) {
    if (!date.endsWith('-01')) return 'daily';
    const month = date.slice(0, 7);
    if (months.has(month)) return 'daily';
    months.add(month);
  }
  return 'monthly';
}
