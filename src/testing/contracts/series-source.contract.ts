import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceInvalidError, SourceUnavailableError } from '../../domain/errors.js';
import type { SeriesSource } from '../../ports/series-source.port.js';
import { contractTitle } from './contract-title.js';

/** What a real series file holds, counted from the file itself (not by the parser under test). */
export interface SeriesFacts {
  readonly id: string;
  /** Observation lines. */
  readonly rows: number;
  /** Lines with a value (not empty, not `.`). */
  readonly nonEmpty: number;
  readonly firstDate: string;
  readonly lastDate: string;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
}

export interface SeriesSourceSubject {
  /** A source that holds the real series described in `expected`. */
  readonly source: SeriesSource;
  /** At least one series, daily and monthly ones alike where the source has both. */
  readonly expected: readonly SeriesFacts[];
  /** A source whose file for `id` is malformed first at `line` (1-based) of the file or URL `file`. */
  readonly malformed: {
    readonly source: SeriesSource;
    readonly id: string;
    readonly file: string;
    readonly line: number;
  };
  /** A source that cannot be reached (a missing folder, a server that is down, an offline night). */
  readonly unavailable: SeriesSource;
  dispose(): Promise<void>;
}

/** Why a fetch failed, for the assertions (a resolved fetch is a failure of the test). */
async function failureOf(fetching: Promise<unknown>): Promise<unknown> {
  return fetching.then(
    () => new Error('the fetch succeeded'),
    (error: unknown) => error,
  );
}

/**
 * What every SeriesSource guarantees: a series read whole and validated, a malformed file
 * refused with SourceInvalidError naming the file and the line (permanent), and a source that
 * cannot be reached or lacks the series failing with SourceUnavailableError.
 */
export function seriesSourceContract(
  name: string,
  create: () => Promise<SeriesSourceSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('SeriesSource', name, skip), () => {
    let subject: SeriesSourceSubject;
    beforeAll(async () => {
      subject = await create();
    });
    afterAll(async () => subject?.dispose());

    it('says where its series come from', () => {
      expect(subject.source.describe()).toMatch(/\S/);
    });

    it('reads each series whole: every observation in date order, a value or null per date', async () => {
      expect(subject.expected.length).toBeGreaterThan(0);
      for (const facts of subject.expected) {
        const series = await subject.source.fetch(facts.id);
        expect(series.id).toBe(facts.id);
        expect(series.source).toMatch(/\S/);
        expect({
          rows: series.dates.length,
          values: series.values.length,
          nonEmpty: series.values.filter((v) => v !== null).length,
          firstDate: series.dates[0],
          lastDate: series.dates.at(-1),
          sha256: series.fileHash,
        }).toEqual({
          rows: facts.rows,
          values: facts.rows,
          nonEmpty: facts.nonEmpty,
          firstDate: facts.firstDate,
          lastDate: facts.lastDate,
          sha256: facts.sha256,
        });
        const ascending = series.dates.every((date, i) => i === 0 || (series.dates[i - 1] ?? '') < date);
        expect(ascending).toBe(true);
        expect(series.dates.every((date) => /^\d{4}-\d{2}-\d{2}$/.test(date))).toBe(true);
        expect(series.values.every((v) => v === null || Number.isFinite(v))).toBe(true);
      }
    });

    it('gives the same series when asked again', async () => {
      const id = subject.expected[0]?.id ?? '';
      const first = await subject.source.fetch(id);
      const again = await subject.source.fetch(id);
      expect(again).toEqual(first);
    });

    it('refuses an id that is not a series id with SourceInvalidError', async () => {
      const failure = await failureOf(subject.source.fetch('../PSOILUSDM'));
      expect(failure).toBeInstanceOf(SourceInvalidError);
    });

    it('fails with SourceUnavailableError for a series it does not hold', async () => {
      const failure = await failureOf(subject.source.fetch('NOSUCHSERIES'));
      expect(failure).toBeInstanceOf(SourceUnavailableError);
    });

    it('refuses a malformed file with a permanent SourceInvalidError naming the file and the line', async () => {
      const { source, id, file, line } = subject.malformed;
      const failure = await failureOf(source.fetch(id));
      expect(failure).toBeInstanceOf(SourceInvalidError);
      expect(failure).toMatchObject({ transient: false });
      const message = failure instanceof Error ? failure.message : '';
      expect(message).toContain(`${file} line ${line} `);
    });

    it('fails with SourceUnavailableError when it cannot be reached', async () => {
      const failure = await failureOf(subject.unavailable.fetch(subject.expected[0]?.id ?? ''));
      expect(failure).toBeInstanceOf(SourceUnavailableError);
    });
  });
}
