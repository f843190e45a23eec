import type { Frequency } from '../horizon.js';

/** What the training tables are built from. */
export interface TrainingSpec {
  /** The target series (soybean oil, PSOILUSDM); its frequency is the tables' frequency. */
  readonly target: string;
  readonly drivers: readonly string[];
}

/** How a change of a series is measured: log return for prices, difference for rates in percent. */
export type ChangeMode = 'log' | 'diff';

/**
 * One feature column, computed at each period t from values dated t or earlier only
 * (point-in-time). Series are referred to by id; the target series by its id too.
 */
export type FeatureDefinition =
  | { readonly kind: 'level'; readonly name: string; readonly series: string }
  | {
      readonly kind: 'change';
      readonly name: string;
      readonly series: string;
      readonly periods: number;
      readonly mode: ChangeMode;
    }
  | {
      readonly kind: 'volatility';
      readonly name: string;
      readonly series: string;
      readonly periods: number;
      readonly mode: ChangeMode;
    }
  | {
      readonly kind: 'intraPeriodVolatility';
      readonly name: string;
      readonly series: string;
      readonly mode: ChangeMode;
    }
  | { readonly kind: 'deviation'; readonly name: string; readonly series: string; readonly periods: number }
  | {
      readonly kind: 'logRatio';
      readonly name: string;
      readonly numerator: string;
      readonly denominator: string;
    }
  | { readonly kind: 'crushShare'; readonly name: string; readonly oil: string; readonly meal: string }
  | {
      readonly kind: 'crushMargin';
      readonly name: string;
      readonly oil: string;
      readonly meal: string;
      readonly beans: string;
    }
  | {
      readonly kind: 'difference';
      readonly name: string;
      readonly minuend: string;
      readonly subtrahend: string;
    }
  | { readonly kind: 'season'; readonly name: string; readonly fn: 'sin' | 'cos' };

/** The target's current value (known at the row's date): a column of every training table. */
export const PRICE_COLUMN = 'zl_price';
export const DATE_COLUMN = 'date';

/** The column holding the value `h` periods after the row's date. */
export function targetColumn(horizon: string): string {
  return `target_${horizon}`;
}

/**
 * Board-crush yields per tonne of soybeans: a 60 lb bushel gives 11 lb of oil and 44 lb of
 * meal (the CBOT board crush convention).
 */
export const CRUSH_OIL_YIELD = 11 / 60;
export const CRUSH_MEAL_YIELD = 44 / 60;

const PALM = 'PPOILUSDM';
const RAPESEED = 'PROILUSDM';
const SUNFLOWER = 'PSUNOUSDM';
const CRUDE = 'POILWTIUSDM';
const MEAL = 'PSMEAUSDM';
const BEANS = 'PSOYBUSDM';
const YIELD_10Y = 'DGS10';
const YIELD_2Y = 'DGS2';
/** Drivers whose 3-period change is worth its own column (the oilseed complex and crude). */
const KEY_DRIVERS = [BEANS, MEAL, PALM, CRUDE];

/** Treasury yields are in percent: their changes are differences, not log returns. */
export function changeMode(seriesId: string): ChangeMode {
  return seriesId.startsWith('DGS') ? 'diff' : 'log';
}

/** Column-name stem of a series: `zl` for the target, the lower-cased id otherwise. */
export function seriesStem(seriesId: string, spec: TrainingSpec): string {
  return seriesId === spec.target ? 'zl' : seriesId.toLowerCase();
}

/**
 * The feature columns of the training tables, in column order (docs/data.md lists the
 * families). `frequencies` gives each driver's frequency as ingested: daily drivers are
 * averaged over the period and also give their within-period volatility.
 */
export function trainingFeatures(
  spec: TrainingSpec,
  frequencies: Readonly<Record<string, Frequency>>,
): readonly FeatureDefinition[] {
  const t = spec.target;
  const has = (id: string): boolean => spec.drivers.includes(id);
  const features: FeatureDefinition[] = [
    // the target's own history
    ...[1, 3, 6, 12].map((p): FeatureDefinition => ({
      kind: 'change',
      name: `zl_ret_${p}`,
      series: t,
      periods: p,
      mode: 'log',
    })),
    ...[3, 12].map((p): FeatureDefinition => ({
      kind: 'volatility',
      name: `zl_vol_${p}`,
      series: t,
      periods: p,
      mode: 'log',
    })),
    { kind: 'deviation', name: 'zl_dev_12', series: t, periods: 12 },
  ];
  for (const id of spec.drivers) {
    const stem = seriesStem(id, spec);
    features.push({ kind: 'level', name: `${stem}_level`, series: id });
    features.push({ kind: 'change', name: `${stem}_chg_1`, series: id, periods: 1, mode: changeMode(id) });
    if (KEY_DRIVERS.includes(id))
      features.push({ kind: 'change', name: `${stem}_chg_3`, series: id, periods: 3, mode: changeMode(id) });
    if (frequencies[id] === 'daily')
      features.push({
        kind: 'intraPeriodVolatility',
        name: `${stem}_intra_vol`,
        series: id,
        mode: changeMode(id),
      });
  }
  // spreads: soybean oil against its substitutes and against crude (biodiesel link)
  if (has(PALM)) features.push({ kind: 'logRatio', name: 'spread_zl_palm', numerator: t, denominator: PALM });
  if (has(RAPESEED))
    features.push({ kind: 'logRatio', name: 'spread_zl_rapeseed', numerator: t, denominator: RAPESEED });
  if (has(SUNFLOWER))
    features.push({ kind: 'logRatio', name: 'spread_zl_sunflower', numerator: t, denominator: SUNFLOWER });
  if (has(CRUDE))
    features.push({ kind: 'logRatio', name: 'spread_zl_crude', numerator: t, denominator: CRUDE });
  if (has(MEAL)) features.push({ kind: 'crushShare', name: 'crush_oil_share', oil: t, meal: MEAL });
  if (has(MEAL) && has(BEANS))
    features.push({ kind: 'crushMargin', name: 'crush_margin', oil: t, meal: MEAL, beans: BEANS });
  if (has(YIELD_10Y) && has(YIELD_2Y))
    features.push({
      kind: 'difference',
      name: 'yield_slope_10y_2y',
      minuend: YIELD_10Y,
      subtrahend: YIELD_2Y,
    });
  features.push(
    { kind: 'season', name: 'month_sin', fn: 'sin' },
    { kind: 'season', name: 'month_cos', fn: 'cos' },
  );
  return features;
}
