import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataQualityError, WarehouseQueryError } from '../../domain/errors.js';
import type { Series } from '../../domain/data/series.js';
import type { TableProfile } from '../../domain/data/table-profile.js';
import type { TrainingSpec } from '../../domain/data/training-features.js';
import type { WarehouseLoader } from '../../ports/warehouse-loader.port.js';
import type { Warehouse } from '../../ports/warehouse.port.js';
import { contractTitle } from './contract-title.js';

export interface WarehouseLoaderSubject {
  /** A loader of an empty warehouse. */
  readonly loader: WarehouseLoader;
  /** The warehouse it fills, to read back the tables it built. */
  readonly warehouse: Warehouse;
  /**
   * Real series as a source gives them: `spec.target` monthly (contiguous months), and every
   * driver of `spec`, at least one of them daily.
   */
  readonly series: readonly Series[];
  readonly spec: TrainingSpec;
  dispose(): Promise<void>;
}

const NIGHT_1 = new Date('2026-11-28T23:30:00.000Z');
const NIGHT_2 = new Date('2026-11-29T23:30:00.000Z');
const MONTHLY_TABLES = [
  ['1m', 1],
  ['3m', 3],
  ['6m', 6],
  ['12m', 12],
] as const;

/** The series as an earlier file held it: only the observations dated before `date`. */
function before(series: Series, date: string): Series {
  const keep = series.dates.filter((d) => d < date).length;
  return {
    ...series,
    fileHash: `${series.fileHash}, cut before ${date}`,
    dates: series.dates.slice(0, keep),
    values: series.values.slice(0, keep),
  };
}

/** What the ingest record of a series says, counted from the series itself. */
function recordOf(series: Series, ingestedAt: Date) {
  return {
    seriesId: series.id,
    source: series.source,
    rows: series.dates.length,
    nonEmpty: series.values.filter((v) => v !== null).length,
    firstDate: series.dates[0] ?? null,
    lastDate: series.dates.at(-1) ?? null,
    fileHash: series.fileHash,
    ingestedAt: ingestedAt.toISOString(),
  };
}

/**
 * What every WarehouseLoader guarantees: series stored all or none, the same file ingested
 * twice changing nothing, training tables rebuilt per supported horizon, and a refresh whose
 * gate refuses the rebuilt tables rolled back whole.
 */
export function warehouseLoaderContract(
  name: string,
  create: () => Promise<WarehouseLoaderSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('WarehouseLoader', name, skip), () => {
    let subject: WarehouseLoaderSubject;
    let loader: WarehouseLoader;
    let target: Series;
    beforeEach(async () => {
      subject = await create();
      loader = subject.loader;
      const found = subject.series.find((s) => s.id === subject.spec.target);
      if (found === undefined) throw new Error(`the subject brings no series ${subject.spec.target}`);
      target = found;
    });
    afterEach(async () => subject.dispose());

    it('holds no series before the first ingest', async () => {
      expect(await loader.ingestLog()).toEqual([]);
    });

    it('records each series it ingests, as its file holds it', async () => {
      const outcomes = await loader.ingestSeries(subject.series, { now: NIGHT_1 });
      expect(outcomes.map((o) => [o.record.seriesId, o.changed])).toEqual(
        subject.series.map((s) => [s.id, true]),
      );
      const log = await loader.ingestLog();
      expect(log.map((r) => r.seriesId)).toEqual(subject.series.map((s) => s.id).sort());
      for (const series of subject.series)
        expect(log.find((r) => r.seriesId === series.id)).toMatchObject(recordOf(series, NIGHT_1));
      expect(log.find((r) => r.seriesId === target.id)?.frequency).toBe('monthly');
      expect(log.map((r) => r.frequency)).toContain('daily');
    });

    it('changes nothing when the same files come again, and replaces a series whose file changed', async () => {
      const [first, ...rest] = subject.series;
      if (first === undefined) throw new Error('no series');
      await loader.ingestSeries([before(first, '2020-01-01'), ...rest], { now: NIGHT_1 });
      const outcomes = await loader.ingestSeries(subject.series, { now: NIGHT_2 });
      expect(outcomes.map((o) => o.changed)).toEqual([true, ...rest.map(() => false)]);
      const log = await loader.ingestLog();
      expect(log.find((r) => r.seriesId === first.id)).toMatchObject(recordOf(first, NIGHT_2));
      for (const series of rest)
        expect(log.find((r) => r.seriesId === series.id)).toMatchObject(recordOf(series, NIGHT_1));
    });

    it('ingests all series or none: a broken last one leaves the earlier ones out too', async () => {
      const last = subject.series.at(-1);
      if (last === undefined) throw new Error('no series');
      // a series that skipped the source's checks: its first date twice
      const broken: Series = {
        ...last,
        fileHash: `${last.fileHash}, first line twice`,
        dates: [last.dates[0] ?? '', ...last.dates],
        values: [last.values[0] ?? null, ...last.values],
      };
      const failing = loader.ingestSeries([...subject.series.slice(0, -1), broken], { now: NIGHT_1 });
      await expect(failing).rejects.toBeInstanceOf(WarehouseQueryError);
      expect(await loader.ingestLog()).toEqual([]);
    });

    it("builds one table per horizon of the target's monthly frequency, with the target h months ahead", async () => {
      await loader.ingestSeries(subject.series, { now: NIGHT_1 });
      const tables = await loader.buildTrainingTables(subject.spec);
      const expected = MONTHLY_TABLES.map(([horizon, periods]) => ({
        horizon,
        periods,
        frequency: 'monthly',
        table: `training.zl_training_prod_allhistory_${horizon}`,
      }));
      expect(tables).toEqual(expected);
      expect(await subject.warehouse.trainingTables()).toEqual(expected);
      expect(await subject.warehouse.latestDataDate('3m')).toBe(target.dates.at(-1));
      const table = await subject.warehouse.readTrainingTable('3m');
      expect(table.numRows).toBe(target.dates.length);
      const price = table.getChild('zl_price');
      const ahead = table.getChild('target_3m');
      for (let i = 0; i < table.numRows; i += 1)
        expect(ahead?.get(i) ?? null).toBe(i + 3 < table.numRows ? (price?.get(i + 3) ?? null) : null);
      expect(price?.get(0)).toBe(target.values[0]);
    });

    it('refuses to build from a series it never ingested, naming it', async () => {
      await loader.ingestSeries(
        subject.series.filter((s) => s.id !== target.id),
        { now: NIGHT_1 },
      );
      const failing = loader.buildTrainingTables(subject.spec);
      await expect(failing).rejects.toBeInstanceOf(WarehouseQueryError);
      await expect(failing).rejects.toThrow(target.id);
    });

    it('refuses a daily target with WarehouseQueryError', async () => {
      await loader.ingestSeries(subject.series, { now: NIGHT_1 });
      const daily = (await loader.ingestLog()).find((r) => r.frequency === 'daily');
      const spec = { ...subject.spec, target: daily?.seriesId ?? '' };
      await expect(loader.buildTrainingTables(spec)).rejects.toBeInstanceOf(WarehouseQueryError);
    });

    it('refreshes in one step, letting its gate see a profile of every rebuilt table', async () => {
      const seen: TableProfile[] = [];
      const outcome = await loader.refresh(subject.series, subject.spec, {
        now: NIGHT_1,
        gate: {
          profile: { sentinels: [-999], maxLeakageLead: 12 },
          judge: (profiles) => {
            seen.push(...profiles);
            return undefined;
          },
        },
      });
      expect(outcome.outcomes.every((o) => o.changed)).toBe(true);
      expect(outcome.tables.map((t) => t.horizon)).toEqual(['1m', '3m', '6m', '12m']);
      expect(seen.map((p) => [p.horizon, p.rows, p.lastDate])).toEqual(
        outcome.tables.map((t) => [t.horizon, target.dates.length, target.dates.at(-1)]),
      );
    });

    it("rolls a refresh back whole when its gate refuses the tables, and throws the gate's error", async () => {
      const earlier = subject.series.map((s) => before(s, '2020-01-01'));
      await loader.refresh(earlier, subject.spec, { now: NIGHT_1 });
      const log = await loader.ingestLog();
      const refusal = new DataQualityError('refused by the test gate');
      const failing = loader.refresh(subject.series, subject.spec, {
        now: NIGHT_2,
        gate: { profile: { sentinels: [], maxLeakageLead: 12 }, judge: () => refusal },
      });
      await expect(failing).rejects.toBe(refusal);
      expect(await loader.ingestLog()).toEqual(log);
      const lastEarlier = earlier.find((s) => s.id === target.id)?.dates.at(-1);
      expect(await subject.warehouse.latestDataDate('12m')).toBe(lastEarlier);
      expect((await subject.warehouse.readTrainingTable('1m')).numRows).toBe(
        target.dates.filter((d) => d < '2020-01-01').length,
      );
    });
  });
}
