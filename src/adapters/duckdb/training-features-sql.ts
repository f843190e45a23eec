import {
  CRUSH_MEAL_YIELD,
  CRUSH_OIL_YIELD,
  DATE_COLUMN,
  PRICE_COLUMN,
  targetColumn,
  type ChangeMode,
  type FeatureDefinition,
} from '../../domain/data/training-features.js';
import { sqlIdent } from './duckdb-schema.js';

/** The table every horizon's training table is cut from: all features plus every target lead. */
export const BASE_TABLE = 'training._zl_base';

/** The spine's time column: the month of a monthly table, the trading day of a daily one. */
export const PERIOD = 'period';

export const ORDER = `OVER (ORDER BY ${PERIOD})`;

/** `v_<id>`: the series' value for the month (monthly value, or the mean of a daily series' days). */
export function level(series: string): string {
  return sqlIdent(`v_${series.toLowerCase()}`);
}

export function intraVol(series: string): string {
  return sqlIdent(`iv_${series.toLowerCase()}`);
}

export function change(now: string, before: string, mode: ChangeMode): string {
  return mode === 'diff'
    ? `(${now} - ${before})`
    : `CASE WHEN ${now} > 0 AND ${before} > 0 THEN ln(${now} / ${before}) END`;
}

function rolling(fn: string, expr: string, periods: number): string {
  const frame = `OVER (ORDER BY ${PERIOD} ROWS BETWEEN ${periods - 1} PRECEDING AND CURRENT ROW)`;
  return `CASE WHEN count(${expr}) ${frame} = ${periods} THEN ${fn}(${expr}) ${frame} END`;
}

/** One feature's SQL expression over the spine's columns (levels `v_<id>`, one-step changes `c1_<id>`). */
export function featureSql(feature: FeatureDefinition): string {
  switch (feature.kind) {
    case 'level':
      return level(feature.series);
    case 'change':
      return change(
        level(feature.series),
        `lag(${level(feature.series)}, ${feature.periods}) ${ORDER}`,
        feature.mode,
      );
    case 'volatility':
      return rolling('stddev_samp', sqlIdent(`c1_${feature.series.toLowerCase()}`), feature.periods);
    case 'intraPeriodVolatility':
      return intraVol(feature.series);
    case 'deviation': {
      const mean = rolling('avg', level(feature.series), feature.periods);
      return `CASE WHEN ${level(feature.series)} > 0 AND ${mean} > 0 THEN ln(${level(feature.series)} / ${mean}) END`;
    }
    case 'logRatio':
      return change(level(feature.numerator), level(feature.denominator), 'log');
    case 'crushShare': {
      // every input in USD per tonne first (its declared unit's factor)
      const oil = `${CRUSH_OIL_YIELD * feature.perTonne.oil} * ${level(feature.oil)}`;
      return `${oil} / NULLIF(${oil} + ${CRUSH_MEAL_YIELD * feature.perTonne.meal} * ${level(feature.meal)}, 0)`;
    }
    case 'crushMargin':
      return `${CRUSH_OIL_YIELD * feature.perTonne.oil} * ${level(feature.oil)} + ${CRUSH_MEAL_YIELD * feature.perTonne.meal} * ${level(feature.meal)} - ${feature.perTonne.beans} * ${level(feature.beans)}`;
    case 'difference':
      return `${level(feature.minuend)} - ${level(feature.subtrahend)}`;
    case 'season':
      return `${feature.fn}(2 * pi() * (month(${PERIOD}) - 1) / 12)`;
  }
}

/**
 * The end both base tables share (monthly and daily): the one-step changes over the `prepared`
 * rows, then per period the date, `present`, the price, every feature and each target lead.
 */
export function featureRowsSql(parts: {
  readonly target: string;
  readonly oneStep: readonly string[];
  readonly features: readonly FeatureDefinition[];
  readonly leads: readonly number[];
}): string {
  const { target, oneStep, features, leads } = parts;
  return `stepped AS (
  SELECT *${oneStep.map((c) => `, ${c}`).join('')} FROM prepared
)
SELECT ${PERIOD} AS ${sqlIdent(DATE_COLUMN)}, present, ${target} AS ${sqlIdent(PRICE_COLUMN)},
  ${features.map((f) => `${featureSql(f)} AS ${sqlIdent(f.name)}`).join(',\n  ')},
  ${leads.map((n) => `lead(${target}, ${n}) ${ORDER} AS ${sqlIdent(`lead_${n}`)}`).join(',\n  ')}
FROM stepped ORDER BY ${PERIOD}`;
}

/** One horizon's training table, cut from BASE_TABLE: date, price, features, `target_<h>`. */
export function horizonTableSql(
  table: string,
  horizon: string,
  periods: number,
  features: readonly FeatureDefinition[],
): string {
  const columns = [sqlIdent(DATE_COLUMN), sqlIdent(PRICE_COLUMN), ...features.map((f) => sqlIdent(f.name))];
  return `CREATE OR REPLACE TABLE ${table} AS
SELECT ${columns.join(', ')}, ${sqlIdent(`lead_${periods}`)} AS ${sqlIdent(targetColumn(horizon))}
FROM ${BASE_TABLE} WHERE present ORDER BY ${sqlIdent(DATE_COLUMN)}`;
}
