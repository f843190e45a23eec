import type { FeatureMatrix } from '../../src/domain/model/model.js';
import { fredValues, monthlyFredIds } from './fred-data.js';

/** Lags of the log-return features, in months. */
const LAGS = [1, 3, 12] as const;

export interface BoosterDataset {
  readonly features: FeatureMatrix;
  /** Log return of soybean oil from the row's month to `horizon` months later. */
  readonly labels: Float64Array;
  /** The month of each row. */
  readonly dates: readonly string[];
}

/**
 * A booster training matrix cut from real monthly series: for each of the 20 IMF series its
 * 1-, 3- and 12-month log returns at the row's month (60 features, point-in-time: only values
 * dated at or before the row), labelled with soybean oil's log return `horizon` months ahead.
 * Rows run from the first month with a 12-month history to the last month whose label is
 * known (~416 rows). A series gap (potash before 2002, a few gas months) stays NaN: missing.
 */
export class BoosterMatrixBuilder {
  private constructor(
    private readonly months: readonly string[],
    private readonly series: ReadonlyMap<string, ReadonlyMap<string, number>>,
    private readonly seriesIds: readonly string[],
    private readonly horizon: number,
    private readonly firstRows: number | null,
  ) {}

  static async load(): Promise<BoosterMatrixBuilder> {
    const series = new Map<string, ReadonlyMap<string, number>>();
    // the 20 monthly IMF commodity price series of data/fred; PSOILUSDM (soybean oil) is the target
    const ids = await monthlyFredIds();
    for (const id of ids) series.set(id, await fredValues(id));
    const target = series.get('PSOILUSDM') ?? new Map<string, number>();
    return new BoosterMatrixBuilder([...target.keys()].sort(), series, ids, 1, null);
  }

  /** Label `months` ahead (1, 3, 6, 12). */
  horizonMonths(months: number): BoosterMatrixBuilder {
    return new BoosterMatrixBuilder(this.months, this.series, this.seriesIds, months, this.firstRows);
  }

  /** Only the first `count` rows (oldest first). */
  firstRowsOnly(count: number): BoosterMatrixBuilder {
    return new BoosterMatrixBuilder(this.months, this.series, this.seriesIds, this.horizon, count);
  }

  /** Only these series' features (3 columns each). */
  seriesOnly(ids: readonly string[]): BoosterMatrixBuilder {
    return new BoosterMatrixBuilder(this.months, this.series, ids, this.horizon, this.firstRows);
  }

  build(): BoosterDataset {
    const maxLag = Math.max(...LAGS);
    const featureNames = this.seriesIds.flatMap((id) => LAGS.map((lag) => `${id}_logret_${lag}m`));
    const target = this.series.get('PSOILUSDM');
    if (target === undefined) throw new Error('PSOILUSDM not loaded');
    const rowMonths: string[] = [];
    for (let i = maxLag; i + this.horizon < this.months.length; i += 1) {
      const month = this.months[i];
      if (month !== undefined) rowMonths.push(month);
    }
    const dates = this.firstRows === null ? rowMonths : rowMonths.slice(0, this.firstRows);
    const cols = featureNames.length;
    const values = new Float64Array(dates.length * cols);
    const labels = new Float64Array(dates.length);
    const indexOf = new Map(this.months.map((m, i) => [m, i]));
    dates.forEach((month, row) => {
      const i = indexOf.get(month) ?? -1;
      let col = 0;
      for (const id of this.seriesIds) {
        const values_ = this.series.get(id);
        for (const lag of LAGS) {
          values[row * cols + col] = logReturn(values_, this.months[i - lag], month);
          col += 1;
        }
      }
      labels[row] = logReturn(target, month, this.months[i + this.horizon]);
    });
    return { features: { rows: dates.length, cols, values, featureNames }, labels, dates };
  }
}

function logReturn(
  series: ReadonlyMap<string, number> | undefined,
  from: string | undefined,
  to: string | undefined,
): number {
  if (series === undefined || from === undefined || to === undefined) return Number.NaN;
  const a = series.get(from);
  const b = series.get(to);
  if (a === undefined || b === undefined || !(a > 0) || !(b > 0)) return Number.NaN;
  return Math.log(b / a);
}
