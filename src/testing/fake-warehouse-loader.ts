import { WarehouseQueryError } from '../domain/errors.js';
import { HORIZONS, horizonPeriods, type Horizon } from '../domain/horizon.js';
import { ingestRecordOf, type IngestOutcome, type IngestRecord, type Series } from '../domain/data/series.js';
import type { TableFile } from '../domain/data/table-file.js';
import {
  DATE_COLUMN,
  PRICE_COLUMN,
  seriesStem,
  targetColumn,
  type TrainingSpec,
} from '../domain/data/training-features.js';
import { trainingTableName, type TrainingTableInfo } from '../domain/data/warehouse-types.js';
import type {
  RebuiltTable,
  RefreshGate,
  RefreshOutcome,
  WarehouseLoader,
} from '../ports/warehouse-loader.port.js';
import { FakeWarehouse, type FakeTrainingTable } from './fake-warehouse.js';

interface State {
  readonly series: ReadonlyMap<string, Series>;
  readonly log: ReadonlyMap<string, IngestRecord>;
  readonly tables: readonly FakeTrainingTable[];
}

/**
 * Fills a FakeWarehouse as the embedded warehouse fills itself: series stored all or none,
 * re-ingesting the same file changing nothing, training tables rebuilt at once (monthly, or one
 * row per trading day of a daily target), and a refresh refused by its gate rolled back. The
 * tables hold the target, its value h periods later and each driver's level (a monthly table: a
 * daily driver's monthly mean; a daily table: each driver's latest value known), not the
 * embedded feature set. Table files are the tables registered under their path (the fake reads
 * no Parquet).
 */
export class FakeWarehouseLoader implements WarehouseLoader {
  #series = new Map<string, Series>();
  #log = new Map<string, IngestRecord>();
  readonly #files = new Map<string, FakeTrainingTable>();

  constructor(readonly warehouse: FakeWarehouse = new FakeWarehouse()) {}

  /** What `loadTrainingTables` finds at `path`. */
  registerTableFile(path: string, table: FakeTrainingTable): void {
    this.#files.set(path, table);
  }

  async loadTrainingTables(files: readonly TableFile[]): Promise<readonly TrainingTableInfo[]> {
    const tables = files.map((file) => {
      const table = this.#files.get(file.path);
      if (table === undefined)
        throw new WarehouseQueryError(`${file.name} cannot be read (not registered with the fake)`);
      return { ...table, horizon: file.horizon };
    });
    for (const horizon of HORIZONS) this.warehouse.removeTrainingTable(horizon);
    for (const table of tables) this.warehouse.setTrainingTable(table);
    return this.warehouse.trainingTables();
  }

  async ingestSeries(
    series: readonly Series[],
    options: { readonly now: Date },
  ): Promise<readonly IngestOutcome[]> {
    return this.#ingest(series, options.now);
  }

  async ingestLog(): Promise<readonly IngestRecord[]> {
    return [...this.#log.values()].sort((a, b) => (a.seriesId < b.seriesId ? -1 : 1));
  }

  async buildTrainingTables(spec: TrainingSpec): Promise<readonly TrainingTableInfo[]> {
    return this.#build(spec);
  }

  async refresh(
    series: readonly Series[],
    spec: TrainingSpec,
    options: { readonly now: Date; readonly gate?: RefreshGate | undefined },
  ): Promise<RefreshOutcome> {
    const before = this.#save();
    try {
      const outcomes = this.#ingest(series, options.now);
      const tables = this.#build(spec);
      const gate = options.gate;
      if (gate !== undefined) {
        const rebuilt: RebuiltTable[] = [];
        for (const info of tables)
          rebuilt.push({ info, table: await this.warehouse.readTrainingTable(info.horizon) });
        const refusal = gate.judge(rebuilt);
        if (refusal !== undefined) throw refusal;
      }
      return { outcomes, tables };
    } catch (error) {
      this.#restore(before);
      throw error;
    }
  }

  #ingest(series: readonly Series[], now: Date): IngestOutcome[] {
    // all or none: every series is checked before any is stored
    for (const one of series) checkSeries(one);
    const outcomes: IngestOutcome[] = [];
    for (const one of series) {
      const previous = this.#log.get(one.id);
      if (previous !== undefined && previous.fileHash === one.fileHash) {
        outcomes.push({ record: previous, changed: false });
        continue;
      }
      const record = ingestRecordOf(one, now);
      this.#series.set(one.id, one);
      this.#log.set(one.id, record);
      outcomes.push({ record, changed: true });
    }
    return outcomes;
  }

  #build(spec: TrainingSpec): TrainingTableInfo[] {
    const missing = [spec.target, ...spec.drivers].filter((id) => !this.#series.has(id));
    if (missing.length > 0)
      throw new WarehouseQueryError(`series never ingested: ${missing.join(', ')}`, {
        hint: 'run the export stage with the source configured',
      });
    const target = this.#series.get(spec.target);
    const frequency = this.#log.get(spec.target)?.frequency;
    if (target === undefined || frequency === undefined)
      throw new WarehouseQueryError(`target ${spec.target} was never ingested`);
    const daily = frequency === 'daily';
    const rows = daily ? target.dates.filter((_, i) => target.values[i] !== null) : target.dates;
    const drivers = spec.drivers.map((id) => {
      const series = this.#series.get(id);
      const known = daily
        ? knownAsOf(series, this.#log.get(id)?.frequency === 'monthly')
        : monthlyMeans(series);
      return { name: `${seriesStem(id, spec)}_level`, values: valuesAt(known, rows, daily) };
    });
    const infos: TrainingTableInfo[] = [];
    for (const horizon of HORIZONS) {
      const periods = horizonPeriods(horizon, frequency);
      if (periods === undefined) {
        this.warehouse.removeTrainingTable(horizon);
        continue;
      }
      this.warehouse.setTrainingTable(tableOf(target, rows, { horizon, periods, daily }, drivers));
      infos.push({ horizon, table: trainingTableName(horizon), frequency, periods, dateColumn: DATE_COLUMN });
    }
    return infos;
  }

  #save(): State {
    const tables = HORIZONS.flatMap((h) => this.warehouse.trainingTable(h) ?? []);
    return { series: new Map(this.#series), log: new Map(this.#log), tables };
  }

  #restore(state: State): void {
    this.#series = new Map(state.series);
    this.#log = new Map(state.log);
    for (const horizon of HORIZONS) this.warehouse.removeTrainingTable(horizon);
    for (const table of state.tables) this.warehouse.setTrainingTable(table);
  }
}

function checkSeries(series: Series): void {
  if (series.values.length !== series.dates.length)
    throw new WarehouseQueryError(
      `series ${series.id} has ${series.values.length} values for ${series.dates.length} dates`,
    );
  series.dates.forEach((date, i) => {
    if (i > 0 && date <= (series.dates[i - 1] ?? ''))
      throw new WarehouseQueryError(`series ${series.id} repeats or reorders the date ${date}`);
  });
}

/** `YYYY-MM-01` -> the mean of the series' values dated in that month (one value for a monthly series). */
function monthlyMeans(series: Series | undefined): Map<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  series?.dates.forEach((date, i) => {
    const value = series.values[i];
    if (value === null || value === undefined) return;
    const month = `${date.slice(0, 7)}-01`;
    const entry = sums.get(month) ?? { sum: 0, count: 0 };
    sums.set(month, { sum: entry.sum + value, count: entry.count + 1 });
  });
  return new Map([...sums].map(([month, { sum, count }]) => [month, sum / count]));
}

/** The month `n` calendar months after `month` (`YYYY-MM-01`). */
function monthsLater(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`;
}

/** A driver's values by the date they became known: a monthly value once its month is over. */
function knownAsOf(series: Series | undefined, monthly: boolean): ReadonlyMap<string, number> {
  const known = new Map<string, number>();
  series?.dates.forEach((date, i) => {
    const value = series.values[i];
    if (value !== null && value !== undefined)
      known.set(monthly ? monthsLater(`${date.slice(0, 7)}-01`, 1) : date, value);
  });
  return known;
}

/** Per row date (ascending): a monthly table's value of the month; a daily one's latest value known by then. */
function valuesAt(
  known: ReadonlyMap<string, number>,
  rows: readonly string[],
  asOf: boolean,
): (number | null)[] {
  if (!asOf) return rows.map((date) => known.get(date) ?? null);
  const days = [...known.keys()].sort();
  let next = 0;
  let latest: number | null = null;
  return rows.map((date) => {
    while (next < days.length && (days[next] ?? '') <= date) latest = known.get(days[next++] ?? '') ?? null;
    return latest;
  });
}

function tableOf(
  target: Series,
  rows: readonly string[],
  horizon: { readonly horizon: Horizon; readonly periods: number; readonly daily: boolean },
  drivers: readonly { readonly name: string; readonly values: readonly (number | null)[] }[],
): FakeTrainingTable {
  const price = new Map(target.dates.map((date, i) => [date, target.values[i] ?? null]));
  const { periods } = horizon;
  const ahead = (date: string, i: number): number | null =>
    horizon.daily
      ? (price.get(rows[i + periods] ?? '') ?? null)
      : (price.get(monthsLater(date, periods)) ?? null);
  return {
    horizon: horizon.horizon,
    frequency: horizon.daily ? 'daily' : 'monthly',
    periods,
    dates: rows,
    columns: {
      [PRICE_COLUMN]: rows.map((date) => price.get(date) ?? null),
      [targetColumn(horizon.horizon)]: rows.map((date, i) => ahead(date, i)),
      ...Object.fromEntries(drivers.map((d) => [d.name, d.values])),
    },
  };
}
