import { createHash } from 'node:crypto';
import { SourceInvalidError, SourceUnavailableError, type CbiError } from '../domain/errors.js';
import { parseFredCsv } from '../domain/data/fred-csv.js';
import { SERIES_ID_PATTERN, type Series } from '../domain/data/series.js';
import type { SeriesSource } from '../ports/series-source.port.js';

interface HeldFile {
  readonly name: string;
  readonly content: string;
}

/**
 * Series held in memory: parsed ones (e.g. read with the folder source), or whole fredgraph.csv
 * files (`setFile`) that each fetch parses as the real source does, so a damaged file fails
 * with the same SourceInvalidError naming it and its line. `failNext(n)` makes the next n
 * fetches throw a transient SourceUnavailableError, as an offline night would.
 */
export class FakeSeriesSource implements SeriesSource {
  readonly #series = new Map<string, Series>();
  readonly #files = new Map<string, HeldFile>();
  #failures = 0;
  #failure: () => CbiError = () =>
    new SourceUnavailableError('fake source offline (injected)', { transient: true });
  /** Series ids fetched, in order. */
  readonly fetched: string[] = [];

  constructor(series: readonly Series[] = []) {
    for (const one of series) this.set(one);
  }

  set(series: Series): void {
    this.#files.delete(series.id);
    this.#series.set(series.id, series);
  }

  /** Holds the text of `<id>.csv` (FRED's layout); `name` is the file named in errors. */
  setFile(seriesId: string, content: string, name = `${seriesId}.csv`): void {
    this.#series.delete(seriesId);
    this.#files.set(seriesId, { name, content });
  }

  failNext(times: number, error?: () => CbiError): void {
    this.#failures = times;
    if (error) this.#failure = error;
  }

  async fetch(seriesId: string): Promise<Series> {
    this.fetched.push(seriesId);
    if (!SERIES_ID_PATTERN.test(seriesId))
      throw new SourceInvalidError(`"${seriesId}" is not a FRED series id`, {
        hint: 'use capital letters and digits',
      });
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw this.#failure();
    }
    const file = this.#files.get(seriesId);
    if (file !== undefined) {
      const parsed = parseFredCsv(file.content, seriesId, file.name);
      const fileHash = createHash('sha256').update(file.content, 'utf8').digest('hex');
      return { id: seriesId, source: file.name, fileHash, dates: parsed.dates, values: parsed.values };
    }
    const series = this.#series.get(seriesId);
    if (series === undefined) throw new SourceUnavailableError(`fake source has no series ${seriesId}`);
    return series;
  }

  describe(): string {
    return 'fake series source';
  }
}
