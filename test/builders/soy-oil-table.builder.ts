import type { Frequency, Horizon } from '../../src/domain/horizon.js';
import { horizonPeriods } from '../../src/domain/horizon.js';
import type { FakeTrainingTable } from '../../src/testing/fake-warehouse.js';
import { fredValues } from './fred-data.js';

/** Monthly series joined to the target: soybeans, meal, palm oil, WTI crude. */
const DRIVERS = ['PSOYBUSDM', 'PSMEAUSDM', 'PPOILUSDM', 'POILWTIUSDM'] as const;

/**
 * A soybean-oil training table (the layout of `training.zl_training_prod_allhistory_<h>`) cut from
 * the real monthly IMF series in the repo's data/fred: `zl_price` is PSOILUSDM, `target_<h>` its
 * value h months later (null where not yet known), and a handful of point-in-time features
 * computed from real values dated at or before each row (log returns, levels, a spread).
 */
export class SoyOilTableBuilder {
  private constructor(
    private readonly dates: readonly string[],
    private readonly series: ReadonlyMap<string, ReadonlyMap<string, number>>,
  ) {}

  static async load(): Promise<SoyOilTableBuilder> {
    const target = await fredValues('PSOILUSDM');
    const series = new Map<string, ReadonlyMap<string, number>>([['PSOILUSDM', target]]);
    for (const id of DRIVERS) series.set(id, await fredValues(id));
    return new SoyOilTableBuilder([...target.keys()].sort(), series);
  }

  /** Only rows dated in [from, to]: the table as it stood when `to` was the newest month. */
  between(from: string, to: string): SoyOilTableBuilder {
    return new SoyOilTableBuilder(
      this.dates.filter((d) => d >= from && d <= to),
      this.series,
    );
  }

  /** Row dates, oldest first. */
  rowDates(): readonly string[] {
    return this.dates;
  }

  build(horizon: Horizon, frequency: Frequency = 'monthly'): FakeTrainingTable {
    const periods = horizonPeriods(horizon, frequency);
    if (periods === undefined) throw new Error(`${horizon} not supported at ${frequency} resolution`);
    const value = (id: string, row: number): number | null => {
      const date = this.dates[row];
      return date === undefined ? null : (this.series.get(id)?.get(date) ?? null);
    };
    const logReturn = (id: string, row: number, lag: number): number | null => {
      const now = value(id, row);
      const then = row - lag >= 0 ? value(id, row - lag) : null;
      return now === null || then === null ? null : Math.log(now / then);
    };
    const rows = this.dates.map((_, i) => i);
    const zl = rows.map((i) => value('PSOILUSDM', i));
    return {
      horizon,
      frequency,
      periods,
      dates: this.dates,
      columns: {
        zl_price: zl,
        zl_ret_1: rows.map((i) => logReturn('PSOILUSDM', i, 1)),
        zl_ret_3: rows.map((i) => logReturn('PSOILUSDM', i, 3)),
        psoybusdm_level: rows.map((i) => value('PSOYBUSDM', i)),
        psmeausdm_chg_1: rows.map((i) => logReturn('PSMEAUSDM', i, 1)),
        poilwtiusdm_chg_1: rows.map((i) => logReturn('POILWTIUSDM', i, 1)),
        spread_zl_palm: rows.map((i) => {
          const palm = value('PPOILUSDM', i);
          const oil = zl[i] ?? null;
          return palm === null || oil === null ? null : Math.log(oil / palm);
        }),
        [`target_${horizon}`]: rows.map((i) => (i + periods < zl.length ? (zl[i + periods] ?? null) : null)),
      },
    };
  }
}
