import { SourceUnavailableError, type CbiError } from '../domain/errors.js';
import type { Series } from '../domain/data/series.js';
import type { SeriesSource } from '../ports/series-source.port.js';

/**
 * Series held in memory (hand it real series, e.g. read with the folder source). `failNext(n)`
 * makes the next n fetches throw a transient SourceUnavailableError, as an offline night would.
 */
export class FakeSeriesSource implements SeriesSource {
  readonly #series = new Map<string, Series>();
  #failures = 0;
  #failure: () => CbiError = () =>
    new SourceUnavailableError('fake source offline (injected)', { transient: true });
  /** Series ids fetched, in order. */
  readonly fetched: string[] = [];

  constructor(series: readonly Series[] = []) {
    for (const one of series) this.#series.set(one.id, one);
  }

  set(series: Series): void {
    this.#series.set(series.id, series);
  }

  failNext(times: number, error?: () => CbiError): void {
    this.#failures = times;
    if (error) this.#failure = error;
  }

  async fetch(seriesId: string): Promise<Series> {
    this.fetched.push(seriesId);
    if (this.#failures > 0) {
      this.#failures -= 1;
      throw this.#failure();
    }
    const series = this.#series.get(seriesId);
    if (series === undefined) throw new SourceUnavailableError(`fake source has no series ${seriesId}`);
    return series;
  }

  describe(): string {
    return 'fake series source';
  }
}
