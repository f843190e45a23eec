import type { ServiceIdentifier } from 'inversify';
import type { Series } from '../domain/data/series.js';

/**
 * Where the embedded warehouse gets its real series (FRED's fredgraph.csv layout: a directory
 * of `<ID>.csv` files or downloads). Errors: SourceInvalidError (malformed file, names the file
 * and line; permanent), SourceUnavailableError (missing file, offline, server error, timeout;
 * transient when a later attempt may succeed).
 */
export interface SeriesSource {
  /** One whole series, validated. Downloads are retried and cached atomically before parsing. */
  fetch(seriesId: string, signal?: AbortSignal): Promise<Series>;
  /** Where series come from, for logs and the stage details (a folder or a base URL). */
  describe(): string;
}

export const SERIES_SOURCE: ServiceIdentifier<SeriesSource> = Symbol.for('cbi.SeriesSource');
