import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataQualityError, WarehouseQueryError } from '../../domain/errors.js';
import { ingestRecordOf, type Series } from '../../domain/data/series.js';
import type { TableFile } from '../../domain/data/table-file.js';
import { DEFAULT_ROLE_SETTINGS } from '../../domain/data/table-roles.js';
import type { TrainingSpec } from '../../domain/data/training-features.js';
import type { RebuiltTable, WarehouseLoader } from '../../ports/warehouse-loader.port.js';
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
  /**
   * A user's training tables as files the loader can read (CBI-V14's real tables for the
   * DuckDB loader), with what each holds: rows, first and last date, columns in order.
   */
  readonly tableFiles: readonly {
    readonly file: TableFile;
    readonly rows: number;
    readonly firstDate: string;
    readonly lastDate: string;
    readonly columns: readonly string[];
  }[];
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
        expect(log.find((r) => r.seriesId === series.id)).toMatchObject(ingestRecordOf(series, NIGHT_1));
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
      expect(log.find((r) => r.seriesId === first.id)).toMatchObject(ingestRecordOf(first, NIGHT_2));
      for (const series of rest)
        expect(log.find((r) => r.seriesId === series.id)).toMatchObject(ingestRecordOf(series, NIGHT_1));
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
        dateColumn: 'date',
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

    it('builds a daily target into one row per trading day, each target that many trading days ahead', async () => {
      await loader.ingestSeries(subject.series, { now: NIGHT_1 });
      const daily = subject.series.find((s) => s.id !== target.id && s.dates.length > 5000);
      if (daily === undefined) throw new Error('the subject needs a daily driver series');
      const spec = {
        ...subject.spec,
        target: daily.id,
        drivers: subject.spec.drivers.filter((d) => d !== daily.id),
      };
      const tables = await loader.buildTrainingTables(spec);
      expect(tables.map((t) => [t.horizon, t.frequency, t.periods])).toEqual([
        ['1w', 'daily', 5],
        ['1m', 'daily', 21],
        ['3m', 'daily', 63],
        ['6m', 'daily', 126],
        ['12m', 'daily', 252],
      ]);
      const observed = daily.values.filter((v) => v !== null).length;
      const table = await subject.warehouse.readTrainingTable('1m');
      expect(table.numRows).toBe(observed);
      const price = table.getChild('zl_price');
      const ahead = table.getChild('target_1m');
      for (let i = 0; i < table.numRows; i += 97)
        expect(ahead?.get(i) ?? null).toBe(i + 21 < table.numRows ? (price?.get(i + 21) ?? null) : null);
    });

    it('refreshes in one step, letting its gate read every rebuilt table', async () => {
      const seen: RebuiltTable[] = [];
      const outcome = await loader.refresh(subject.series, subject.spec, {
        now: NIGHT_1,
        gate: {
          judge: (tables) => {
            seen.push(...tables);
            return undefined;
          },
        },
      });
      expect(outcome.outcomes.every((o) => o.changed)).toBe(true);
      expect(outcome.tables.map((t) => t.horizon)).toEqual(['1m', '3m', '6m', '12m']);
      expect(seen.map((t) => [t.info.horizon, t.table.numRows])).toEqual(
        outcome.tables.map((t) => [t.horizon, target.dates.length]),
      );
    });

    it('loads table files as they are: every column, rows by date, no table for a horizon without a file', async () => {
      await loader.ingestSeries(subject.series, { now: NIGHT_1 });
      await loader.buildTrainingTables(subject.spec);
      const tables = await loader.loadTrainingTables(
        subject.tableFiles.map((t) => t.file),
        { roles: DEFAULT_ROLE_SETTINGS },
      );
      expect(tables.map((t) => t.horizon)).toEqual(subject.tableFiles.map((t) => t.file.horizon));
      for (const expected of subject.tableFiles) {
        const horizon = expected.file.horizon;
        expect(tables.find((t) => t.horizon === horizon)).toMatchObject({
          frequency: 'daily',
          dateColumn: 'date',
        });
        const table = await subject.warehouse.readTrainingTable(horizon);
        expect(table.numRows).toBe(expected.rows);
        expect(table.schema.fields.map((f) => f.name)).toEqual(expected.columns);
        expect(await subject.warehouse.latestDataDate(horizon)).toBe(expected.lastDate);
      }
      const loaded = new Set(subject.tableFiles.map((t) => t.file.horizon));
      for (const horizon of ['1w', '1m', '3m', '6m', '12m'] as const) {
        if (!loaded.has(horizon))
          await expect(subject.warehouse.readTrainingTable(horizon)).rejects.toBeInstanceOf(
            WarehouseQueryError,
          );
      }
    });

    it("rolls a refresh back whole when its gate refuses the tables, and throws the gate's error", async () => {
      const earlier = subject.series.map((s) => before(s, '2020-01-01'));
      await loader.refresh(earlier, subject.spec, { now: NIGHT_1 });
      const log = await loader.ingestLog();
      const refusal = new DataQualityError('refused by the test gate');
      const failing = loader.refresh(subject.series, subject.spec, {
        now: NIGHT_2,
        gate: { judge: () => refusal },
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
