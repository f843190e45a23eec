import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FredSeriesSource } from '../../src/adapters/fred/fred-series-source.js';
import type { Series } from '../../src/domain/data/series.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';

import { FRED_DIR } from './fred-data.js';

/** A directory source over `dir` (no downloads). */
export function dirSource(dir: string): FredSeriesSource {
  return new FredSeriesSource(
    {
      dir,
      baseUrl: 'http://127.0.0.1:9/unused',
      cacheDir: join(dir, '.cache'),
      timeoutMs: 1000,
      attempts: 1,
      retryDelayMs: 1,
    },
    new FakeClock('2026-11-29T01:00:00Z'),
    new FakeLogger(),
  );
}

/** Every listed series read and validated from `dir`. */
export async function readFredDir(dir: string, ids: readonly string[]): Promise<Series[]> {
  const source = dirSource(dir);
  const series: Series[] = [];
  for (const id of ids) series.push(await source.fetch(id));
  return series;
}

function addMonths(iso: string, months: number): string {
  const total = Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1 + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}${iso.slice(7)}`;
}

/**
 * A private copy of the real FRED folder with named ways to damage one file, as a publisher,
 * a proxy or a bad copy would. The values stay the publisher's; only their layout is broken.
 */
export class FredDirBuilder {
  private constructor(readonly dir: string) {}

  static async copy(): Promise<FredDirBuilder> {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-fred-'));
    await cp(FRED_DIR, dir, { recursive: true });
    return new FredDirBuilder(dir);
  }

  path(id: string): string {
    return join(this.dir, `${id}.csv`);
  }

  async lines(id: string): Promise<string[]> {
    return (await readFile(this.path(id), 'utf8')).split('\n');
  }

  async #rewrite(id: string, edit: (lines: string[]) => string[] | string): Promise<void> {
    const result = edit(await this.lines(id));
    await writeFile(this.path(id), typeof result === 'string' ? result : result.join('\n'));
  }

  /** The file cut off in the middle of line `line` (1-based), as an interrupted copy leaves it. */
  async truncatedAt(id: string, line: number): Promise<void> {
    await this.#rewrite(
      id,
      (lines) => `${lines.slice(0, line - 1).join('\n')}\n${(lines[line - 1] ?? '').slice(0, 7)}`,
    );
  }

  /** An HTML error page where the CSV should be (what a captive portal or a failing proxy serves). */
  async htmlInsteadOf(id: string): Promise<void> {
    await writeFile(
      this.path(id),
      '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>\n',
    );
  }

  /** The observation of line `line` (1-based) written twice. */
  async duplicatedLine(id: string, line: number): Promise<void> {
    await this.#rewrite(id, (lines) => [
      ...lines.slice(0, line),
      lines[line - 1] ?? '',
      ...lines.slice(line),
    ]);
  }

  /** The value of line `line` replaced by `text` (a unit or a note where a number belongs). */
  async valueAt(id: string, line: number, text: string): Promise<void> {
    await this.#rewrite(id, (lines) =>
      lines.map((l, i) => (i === line - 1 ? `${l.split(',')[0] ?? ''},${text}` : l)),
    );
  }

  /** The value dated `date` replaced by `text` (a damaged cell, e.g. `1e308`). */
  async valueOn(id: string, date: string, text: string): Promise<void> {
    await this.#rewrite(id, (lines) => lines.map((l) => (l.split(',')[0] === date ? `${date},${text}` : l)));
  }

  /** The real value dated `date` multiplied by `factor` (a unit or decimal-point slip, 1000x). */
  async scaledOn(id: string, date: string, factor: number): Promise<void> {
    await this.#rewrite(id, (lines) =>
      lines.map((l) => {
        const [day = '', value = ''] = l.split(',');
        return day === date ? `${day},${String(Number(value) * factor)}` : l;
      }),
    );
  }

  /** Only observations dated before `date`: a series that stopped being published. */
  async stoppingBefore(id: string, date: string): Promise<void> {
    await this.#rewrite(id, (lines) =>
      lines.filter((l, i) => i === 0 || l === '' || (l.split(',')[0] ?? '') < date),
    );
  }

  /** `into`'s file replaced by `from`'s observations dated `months` earlier: a feature that is the future target. */
  async futureCopy(from: string, into: string, months: number): Promise<void> {
    const lines = await this.lines(from);
    const body = lines
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => {
        const [date = '', value = ''] = l.split(',');
        return `${addMonths(date, -months)},${value}`;
      });
    await writeFile(this.path(into), `observation_date,${into}\n${body.join('\n')}\n`);
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
