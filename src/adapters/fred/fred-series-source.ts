import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CbiError, ConfigError, SourceInvalidError, SourceUnavailableError } from '../../domain/errors.js';
import { parseFredCsv } from '../../domain/data/fred-csv.js';
import { SERIES_ID_PATTERN, type Series } from '../../domain/data/series.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { SeriesSource } from '../../ports/series-source.port.js';
import { writeFileAtomic } from '../shared/atomic-write.js';
import { errnoCode } from '../shared/node-errors.js';

export interface FredSourceSettings {
  /** A folder of `<ID>.csv` files; when set, nothing is downloaded. */
  readonly dir?: string | undefined;
  /** `https://fred.stlouisfed.org/graph/fredgraph.csv`; `?id=<ID>` is appended. */
  readonly baseUrl: string;
  /** Where downloads are kept (`<home>/TrainingData/sources/fred`). */
  readonly cacheDir: string;
  /** Per request. */
  readonly timeoutMs: number;
  /** Requests per series before giving up (1 = no retry). */
  readonly attempts: number;
  /** Wait before the second request; doubles each retry. */
  readonly retryDelayMs: number;
}

/**
 * FRED series from a folder or from FRED itself. Downloads are validated before they are
 * cached (an error page never replaces a good copy) and written atomically.
 */
export class FredSeriesSource implements SeriesSource {
  constructor(
    private readonly settings: FredSourceSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  describe(): string {
    return this.settings.dir ?? this.settings.baseUrl;
  }

  async fetch(seriesId: string, signal?: AbortSignal): Promise<Series> {
    if (!SERIES_ID_PATTERN.test(seriesId))
      throw new SourceInvalidError(`"${seriesId}" is not a series id`, {
        hint: 'use letters, digits, "_", "-" and "." (the file is <id>.csv)',
      });
    return this.settings.dir === undefined
      ? this.#download(seriesId, signal)
      : this.#readFile(seriesId, join(this.settings.dir, `${seriesId}.csv`));
  }

  async #readFile(seriesId: string, path: string): Promise<Series> {
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (cause) {
      if (errnoCode(cause) === 'ENOTDIR') {
        // a setting to fix, not a source to retry: the watchdog must not try it again every hour
        throw new ConfigError(`the source folder ${this.settings.dir ?? ''} is a file, not a folder`, {
          cause,
          hint: 'set source.dir (CBI_SOURCE_DIR) to the folder that holds the series files',
        });
      }
      const missing = errnoCode(cause) === 'ENOENT';
      throw new SourceUnavailableError(
        missing ? `series file ${path} does not exist` : `cannot read series file ${path}`,
        {
          cause,
          hint: missing
            ? `put ${seriesId}.csv (FRED's fredgraph.csv) there or remove ${seriesId} from source.drivers`
            : 'check its permissions',
        },
      );
    }
    return toSeries(seriesId, path, content);
  }

  async #download(seriesId: string, signal: AbortSignal | undefined): Promise<Series> {
    const url = `${this.settings.baseUrl}?id=${encodeURIComponent(seriesId)}`;
    const cachePath = join(this.settings.cacheDir, `${seriesId}.csv`);
    let lastError: CbiError | undefined;
    for (let attempt = 1; attempt <= this.settings.attempts; attempt += 1) {
      if (attempt > 1) await this.clock.sleep(this.settings.retryDelayMs * 2 ** (attempt - 2), signal);
      try {
        const content = await this.#get(url, signal);
        const series = toSeries(seriesId, url, content);
        await writeFileAtomic(cachePath, content);
        return series;
      } catch (error) {
        if (!(error instanceof SourceUnavailableError) || !error.transient || signal?.aborted) throw error;
        lastError = error;
        this.logger.warn('series download failed', {
          seriesId,
          attempt,
          attempts: this.settings.attempts,
          error: error.message,
        });
      }
    }
    const cached = await this.#cachedCopy(seriesId, cachePath, url, lastError);
    if (cached !== undefined) return cached;
    throw new SourceUnavailableError(
      `cannot download ${seriesId} from ${url} after ${this.settings.attempts} attempts: ${lastError?.message ?? 'no answer'}`,
      {
        cause: lastError,
        transient: true,
        hint: 'check the network (or set source.dir / CBI_SOURCE_DIR to a folder of fredgraph.csv files)',
      },
    );
  }

  /**
   * The last good download of a series, when the network fails it: a night offline goes on with
   * yesterday's copy (logged as a warning, and named in the ingest log) instead of failing.
   */
  async #cachedCopy(
    seriesId: string,
    cachePath: string,
    url: string,
    lastError: CbiError | undefined,
  ): Promise<Series | undefined> {
    let content: Buffer;
    let cachedAt: Date;
    try {
      [content, cachedAt] = await Promise.all([readFile(cachePath), stat(cachePath).then((s) => s.mtime)]);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return undefined;
      throw new SourceUnavailableError(`cannot read the cached copy ${cachePath}`, { cause: error });
    }
    this.logger.warn('series download failed: using the cached copy', {
      seriesId,
      cache: cachePath,
      cachedAt: cachedAt.toISOString(),
      error: lastError?.message ?? 'no answer',
    });
    return toSeries(seriesId, `${cachePath} (cached copy: ${url} unreachable)`, content);
  }

  async #get(url: string, signal: AbortSignal | undefined): Promise<Buffer> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await fetch(url, { signal: combined, headers: { accept: 'text/csv' } });
      if (!response.ok) {
        await response.body?.cancel();
        const transient = response.status >= 500 || response.status === 429;
        throw new SourceUnavailableError(`${url} answered HTTP ${response.status}`, { transient });
      }
      return Buffer.from(await response.arrayBuffer());
    } catch (cause) {
      if (cause instanceof CbiError) throw cause;
      const timedOut = timeout.aborted && !(signal?.aborted ?? false);
      const what = timedOut
        ? `no answer within ${this.settings.timeoutMs} ms`
        : signal?.aborted
          ? 'aborted'
          : `unreachable (${describe(cause)})`;
      throw new SourceUnavailableError(`${url}: ${what}`, { cause, transient: !(signal?.aborted ?? false) });
    }
  }
}

function toSeries(seriesId: string, source: string, content: Buffer): Series {
  const parsed = parseFredCsv(content.toString('utf8'), seriesId, source);
  return {
    id: seriesId,
    source,
    fileHash: createHash('sha256').update(content).digest('hex'),
    dates: parsed.dates,
    values: parsed.values,
  };
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
