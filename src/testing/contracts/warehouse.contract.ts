import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateDay, Float64, Utf8 } from 'apache-arrow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WarehouseQueryError } from '../../domain/errors.js';
import { horizonPeriods, type Frequency, type Horizon } from '../../domain/horizon.js';
import type { MetricRow, PredictionRow } from '../../domain/data/warehouse-types.js';
import type { StagedArtifact } from '../../ports/artifact-store.port.js';
import type { Warehouse } from '../../ports/warehouse.port.js';
import { contractTitle } from './contract-title.js';

/** What one training table holds, counted from its source (not through the warehouse under test). */
export interface TableFacts {
  readonly rows: number;
  readonly firstDate: string;
  readonly lastDate: string;
}

/**
 * A warehouse holding real soybean-oil training tables: the monthly ones the product builds from
 * the FRED series, or a user's own tables as they are (`ownTables`: CBI-V14's daily production
 * tables, as a BigQuery project holds them).
 */
export interface WarehouseSubject {
  readonly warehouse: Warehouse;
  /** The horizons whose tables it holds (monthly ones). */
  readonly horizons: readonly Horizon[];
  /** What the 1m table holds, taken from the real source. */
  readonly expected: TableFacts;
  /**
   * Set when the tables are a user's own: their frequency, the 1m table's column count, and
   * what the 3m table holds (such tables need not share their rows). Their targets need not be
   * a shifted price column, so that check is left to the tables the product builds.
   */
  readonly ownTables?: {
    readonly frequency: Frequency;
    readonly columns: number;
    readonly expected3m: TableFacts;
  };
  /** The name `trainingTables` gives a horizon's table (a remote warehouse's datasets are configured); default `training.zl_training_prod_allhistory_<h>`. */
  readonly tableName?: (horizon: Horizon) => string;
  dispose(): Promise<void>;
}

const MS_PER_DAY = 86_400_000;

function prediction(
  runId: string,
  overrides: Partial<PredictionRow> & Pick<PredictionRow, 'as_of_date' | 'created_at'>,
): PredictionRow {
  const current = 1000;
  return {
    horizon: '1m',
    target_date: overrides.as_of_date,
    current_price: current,
    predicted_price: current * 1.01,
    predicted_return: 0.01,
    model_name: 'lightgbm',
    model_version: 'v1',
    surface: 'prod',
    is_champion: true,
    run_id: runId,
    ...overrides,
  };
}

/** The behaviour every Warehouse adapter guarantees. */
export function warehouseContract(
  name: string,
  create: () => Promise<WarehouseSubject>,
  skip?: string,
): void {
  describe.skipIf(skip !== undefined)(contractTitle('Warehouse', name, skip), () => {
    let subject: WarehouseSubject;
    let scratch: string;
    beforeEach(async () => {
      subject = await create();
      scratch = await mkdtemp(join(tmpdir(), 'cbi-wh-contract-'));
    });
    afterEach(async () => {
      await subject.dispose();
      await rm(scratch, { recursive: true, force: true });
    });

    function staged(file: string): StagedArtifact {
      return {
        key: `TrainingData/exports/${file}`,
        localPath: join(scratch, file),
        commit: async () => undefined,
        discard: async () => undefined,
      };
    }

    it('answers a ping', async () => {
      await expect(subject.warehouse.ping()).resolves.toBeUndefined();
    });

    it('lists its training tables with the periods of their frequency', async () => {
      const tables = await subject.warehouse.trainingTables();
      const frequency = subject.ownTables?.frequency ?? 'monthly';
      const name = subject.tableName ?? ((h: Horizon) => `training.zl_training_prod_allhistory_${h}`);
      expect(tables.map((t) => t.horizon)).toEqual(subject.horizons);
      for (const table of tables) {
        expect(table.frequency).toBe(frequency);
        expect(table.periods).toBe(horizonPeriods(table.horizon, frequency));
        expect(table.table).toBe(name(table.horizon));
        expect(table.dateColumn).toBe('date');
      }
    });

    it('gives the newest date of a table', async () => {
      await expect(subject.warehouse.latestDataDate('1m')).resolves.toBe(subject.expected.lastDate);
    });

    it('refuses a table it does not hold with WarehouseQueryError', async () => {
      await expect(subject.warehouse.readTrainingTable('1w')).rejects.toBeInstanceOf(WarehouseQueryError);
      await expect(subject.warehouse.latestDataDate('1w')).rejects.toBeInstanceOf(WarehouseQueryError);
    });

    it('reads a training table as Arrow, ordered by date, with the target one period ahead', async () => {
      const table = await subject.warehouse.readTrainingTable('1m');
      expect(table.numRows).toBe(subject.expected.rows);
      const date = table.getChild('date');
      expect(date?.type).toBeInstanceOf(DateDay);
      const days = (i: number): string => new Date(Number(date?.get(i))).toISOString().slice(0, 10);
      expect(days(0)).toBe(subject.expected.firstDate);
      expect(days(table.numRows - 1)).toBe(subject.expected.lastDate);
      for (let i = 0; i + 1 < table.numRows; i += 1)
        expect(Number(date?.get(i + 1))).toBeGreaterThanOrEqual(Number(date?.get(i)));
      if (subject.ownTables !== undefined) {
        expect(table.numCols).toBe(subject.ownTables.columns);
        return;
      }
      const price = table.getChild('zl_price');
      const target = table.getChild('target_1m');
      expect(price?.type).toBeInstanceOf(Float64);
      for (let i = 0; i + 1 < table.numRows; i += 1) expect(target?.get(i)).toBe(price?.get(i + 1));
      expect(target?.get(table.numRows - 1)).toBeNull();
      expect(Number(date?.get(1)) - Number(date?.get(0))).toBeGreaterThanOrEqual(28 * MS_PER_DAY);
    });

    it('hands over every number as Float64 (BIGINT too) and text as Utf8', async () => {
      const table = await subject.warehouse.readTrainingTable('3m');
      for (const field of table.schema.fields) {
        if (field.name === 'date') continue;
        expect(
          [Float64, Utf8].some((type) => field.type instanceof type),
          `${field.name}: ${String(field.type)}`,
        ).toBe(true);
      }
    });

    it('exports a table to the staged file and describes what it wrote', async () => {
      const summary = await subject.warehouse.exportTrainingTable('3m', staged('t3m'));
      const content = await readFile(join(scratch, 't3m'));
      const expected = subject.ownTables?.expected3m ?? subject.expected;
      expect(content.length).toBeGreaterThan(1000);
      expect(summary).toMatchObject({
        horizon: '3m',
        rows: expected.rows,
        firstDate: expected.firstDate,
        lastDate: expected.lastDate,
      });
      expect(summary.columns[0]).toEqual({ name: 'date', type: 'DATE' });
      expect(summary.columns.map((c) => c.name)).toContain('target_3m');
    });

    it('reads every column of a table in table order, its rows ordered by its date column', async () => {
      const [info] = (await subject.warehouse.trainingTables()).filter((t) => t.horizon === '3m');
      expect(info?.dateColumn).toBe('date');
      const table = await subject.warehouse.readTrainingTable('3m');
      const summary = await subject.warehouse.exportTrainingTable('3m', staged('t3m-columns'));
      expect(table.schema.fields.map((f) => f.name)).toEqual(summary.columns.map((c) => c.name));
    });

    it("keeps a forecast's prediction interval, and a row without one reads back without one", async () => {
      const banded = prediction('r1', {
        as_of_date: '2025-08-01',
        created_at: '2026-11-28T23:00:00.000Z',
        has_skill: true,
        interval_low: 962.5,
        interval_high: 1059.75,
        interval_level: 0.8,
      });
      const bare = prediction('r1', { as_of_date: '2025-09-01', created_at: '2026-11-28T23:00:00.000Z' });
      await subject.warehouse.writePredictions('r1', [banded, bare]);
      expect(await subject.warehouse.readPredictions('1m')).toEqual([banded, bare]);
    });

    it("replaces a run's predictions when the run writes again (idempotent)", async () => {
      const first = [
        prediction('r1', { as_of_date: '2025-08-01', created_at: '2026-11-28T23:00:00.000Z' }),
        prediction('r1', { as_of_date: '2025-09-01', created_at: '2026-11-28T23:00:00.000Z' }),
      ];
      await subject.warehouse.writePredictions('r1', first);
      await subject.warehouse.writePredictions('r1', first);
      await subject.warehouse.writePredictions('r2', [
        prediction('r2', {
          as_of_date: '2025-09-01',
          created_at: '2026-11-29T23:00:00.000Z',
          predicted_price: 1020,
          model_version: 'v2',
        }),
      ]);
      const rows = await subject.warehouse.readPredictions('1m');
      expect(rows.map((r) => [r.run_id, r.as_of_date, r.model_version])).toEqual([
        ['r1', '2025-08-01', 'v1'],
        ['r1', '2025-09-01', 'v1'],
        ['r2', '2025-09-01', 'v2'],
      ]);
      expect(rows[0]).toEqual(first[0]);
      await expect(subject.warehouse.readPredictions('3m')).resolves.toEqual([]);
    });

    it('replaces the same forecast (date, horizon, model, version, surface) made again by a later run', async () => {
      await subject.warehouse.writePredictions('r1', [
        prediction('r1', { as_of_date: '2025-09-01', created_at: '2026-11-28T23:00:00.000Z' }),
        prediction('r1', {
          as_of_date: '2025-09-01',
          created_at: '2026-11-28T23:00:00.000Z',
          model_name: 'xgboost',
        }),
      ]);
      await subject.warehouse.writePredictions('r2', [
        prediction('r2', { as_of_date: '2025-09-01', created_at: '2026-11-29T01:00:00.000Z' }),
      ]);
      const rows = await subject.warehouse.readPredictions('1m');
      expect(rows.map((r) => [r.run_id, r.model_name, r.model_version])).toEqual([
        ['r1', 'xgboost', 'v1'],
        ['r2', 'lightgbm', 'v1'],
      ]);
    });

    it('shows in the latest view only the newest champion forecast of each date', async () => {
      await subject.warehouse.writePredictions('r1', [
        prediction('r1', {
          as_of_date: '2025-09-01',
          created_at: '2026-11-28T23:00:00.000Z',
          predicted_price: 1010,
        }),
        prediction('r1', {
          as_of_date: '2025-09-01',
          created_at: '2026-11-28T23:00:00.000Z',
          model_name: 'xgboost',
          is_champion: false,
        }),
      ]);
      await subject.warehouse.writePredictions('r2', [
        prediction('r2', {
          as_of_date: '2025-09-01',
          created_at: '2026-11-29T23:00:00.000+00:00',
          predicted_price: 1030,
          model_version: 'v2',
        }),
        prediction('r2', {
          as_of_date: '2025-08-01',
          created_at: '2026-11-29T23:00:00.000+00:00',
          predicted_price: 990,
        }),
      ]);
      const latest = await subject.warehouse.readLatestPredictions('1m');
      expect(latest.map((r) => [r.as_of_date, r.run_id, r.predicted_price])).toEqual([
        ['2025-08-01', 'r2', 990],
        ['2025-09-01', 'r2', 1030],
      ]);
    });

    it('refuses prediction rows of another run', async () => {
      await expect(
        subject.warehouse.writePredictions('r1', [
          prediction('r9', { as_of_date: '2025-09-01', created_at: '2026-11-28T23:00:00.000Z' }),
        ]),
      ).rejects.toBeInstanceOf(WarehouseQueryError);
    });

    it("replaces a run's metrics when the run writes again and reads them by run", async () => {
      const metric = (runId: string, metricName: string, value: number): MetricRow => ({
        run_id: runId,
        horizon: '1m',
        model_name: 'lightgbm',
        metric: metricName,
        value,
        created_at: runId === 'r1' ? '2026-11-28T23:10:00.000Z' : '2026-11-29T23:10:00.000Z',
      });
      await subject.warehouse.writeMetrics('r1', [metric('r1', 'mape', 0.05)]);
      await subject.warehouse.writeMetrics('r1', [metric('r1', 'mape', 0.04), metric('r1', 'sharpe', 0.7)]);
      await subject.warehouse.writeMetrics('r2', [metric('r2', 'mape', 0.06)]);
      expect((await subject.warehouse.readMetrics('r1')).map((m) => [m.metric, m.value])).toEqual([
        ['mape', 0.04],
        ['sharpe', 0.7],
      ]);
      expect((await subject.warehouse.readMetrics()).map((m) => m.run_id)).toEqual(['r1', 'r1', 'r2']);
    });
  });
}
