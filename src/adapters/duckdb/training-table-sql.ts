import {
  CRUSH_MEAL_YIELD,
  CRUSH_OIL_YIELD,
  DATE_COLUMN,
  PRICE_COLUMN,
  changeMode,
  targetColumn,
  type ChangeMode,
  type FeatureDefinition,
  type TrainingSpec,
} from '../../domain/data/training-features.js';
import { SERIES_TABLE, sqlIdent, sqlString } from './duckdb-schema.js';

/** The table every horizon's training table is cut from: all features plus every target lead. */
export const BASE_TABLE = 'training._zl_base';

const ORDER = 'OVER (ORDER BY month)';

/** `v_<id>`: the series' value for the month (monthly value, or the mean of a daily series' days). */
function level(series: string): string {
  return sqlIdent(`v_${series.toLowerCase()}`);
}

function intraVol(series: string): string {
  return sqlIdent(`iv_${series.toLowerCase()}`);
}

function change(now: string, before: string, mode: ChangeMode): string {
  return mode === 'diff'
    ? `(${now} - ${before})`
    : `CASE WHEN ${now} > 0 AND ${before} > 0 THEN ln(${now} / ${before}) END`;
}

function rolling(fn: string, expr: string, periods: number): string {
  const frame = `OVER (ORDER BY month ROWS BETWEEN ${periods - 1} PRECEDING AND CURRENT ROW)`;
  return `CASE WHEN count(${expr}) ${frame} = ${periods} THEN ${fn}(${expr}) ${frame} END`;
}

function featureSql(feature: FeatureDefinition): string {
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
      const oil = `${CRUSH_OIL_YIELD} * ${level(feature.oil)}`;
      return `${oil} / NULLIF(${oil} + ${CRUSH_MEAL_YIELD} * ${level(feature.meal)}, 0)`;
    }
    case 'crushMargin':
      return `${CRUSH_OIL_YIELD} * ${level(feature.oil)} + ${CRUSH_MEAL_YIELD} * ${level(feature.meal)} - ${level(feature.beans)}`;
    case 'difference':
      return `${level(feature.minuend)} - ${level(feature.subtrahend)}`;
    case 'season':
      return `${feature.fn}(2 * pi() * (month(month) - 1) / 12)`;
  }
}

/**
 * The statement that builds BASE_TABLE for a monthly target: one row per calendar month from
 * the target's first to last date (so lags and leads are calendar months), `present` where the
 * target has a row. A daily series contributes the mean and the volatility of its observations
 * within the month (point-in-time: nothing dated after the month's end).
 */
export function baseTableSql(
  spec: TrainingSpec,
  features: readonly FeatureDefinition[],
  dailySeries: readonly string[],
  leads: readonly number[],
): string {
  const ids = [spec.target, ...spec.drivers.filter((d) => d !== spec.target)];
  const idList = ids.map(sqlString).join(', ');
  const dailyList = dailySeries.length > 0 ? dailySeries.map(sqlString).join(', ') : "''";
  const diffList =
    ids
      .filter((id) => changeMode(id) === 'diff')
      .map(sqlString)
      .join(', ') || "''";
  const volatilitySeries = [...new Set(features.flatMap((f) => (f.kind === 'volatility' ? [f.series] : [])))];
  const pivot = ids.map((id) => `max(m.value) FILTER (WHERE m.series_id = ${sqlString(id)}) AS ${level(id)}`);
  const intraPivot = dailySeries.map(
    (id) => `max(i.vol) FILTER (WHERE i.series_id = ${sqlString(id)}) AS ${intraVol(id)}`,
  );
  const oneStep = volatilitySeries.map(
    (id) =>
      `${change(level(id), `lag(${level(id)}) ${ORDER}`, changeMode(id))} AS ${sqlIdent(`c1_${id.toLowerCase()}`)}`,
  );
  const target = level(spec.target);
  return `CREATE OR REPLACE TABLE ${BASE_TABLE} AS
WITH obs AS (
  SELECT series_id, date, value FROM ${SERIES_TABLE} WHERE series_id IN (${idList})
),
daily_change AS (
  SELECT series_id, date,
    CASE WHEN series_id IN (${diffList}) THEN value - lag(value) OVER w
         WHEN value > 0 AND lag(value) OVER w > 0 THEN ln(value / lag(value) OVER w) END AS change
  FROM obs WHERE value IS NOT NULL AND series_id IN (${dailyList})
  WINDOW w AS (PARTITION BY series_id ORDER BY date)
),
monthly AS (
  SELECT series_id, CAST(date_trunc('month', date) AS DATE) AS month, avg(value) AS value FROM obs GROUP BY ALL
),
intra AS (
  SELECT series_id, CAST(date_trunc('month', date) AS DATE) AS month, stddev_samp(change) AS vol FROM daily_change GROUP BY ALL
),
spine AS (
  SELECT CAST(unnest(generate_series(min(date), max(date), INTERVAL 1 MONTH)) AS DATE) AS month
  FROM obs WHERE series_id = ${sqlString(spec.target)}
),
present AS (
  SELECT DISTINCT CAST(date_trunc('month', date) AS DATE) AS month FROM obs WHERE series_id = ${sqlString(spec.target)}
),
wide AS (
  SELECT s.month, ${pivot.join(',\n    ')}
  FROM spine s LEFT JOIN monthly m ON m.month = s.month GROUP BY s.month
),
intra_wide AS (
  SELECT s.month${intraPivot.map((p) => `, ${p}`).join('')}
  FROM spine s LEFT JOIN intra i ON i.month = s.month GROUP BY s.month
),
prepared AS (
  SELECT w.*${dailySeries.length > 0 ? ', iw.* EXCLUDE (month)' : ''}, p.month IS NOT NULL AS present
  FROM wide w JOIN intra_wide iw ON iw.month = w.month LEFT JOIN present p ON p.month = w.month
),
stepped AS (
  SELECT *${oneStep.map((c) => `, ${c}`).join('')} FROM prepared
)
SELECT month AS ${sqlIdent(DATE_COLUMN)}, present, ${target} AS ${sqlIdent(PRICE_COLUMN)},
  ${features.map((f) => `${featureSql(f)} AS ${sqlIdent(f.name)}`).join(',\n  ')},
  ${leads.map((n) => `lead(${target}, ${n}) ${ORDER} AS ${sqlIdent(`lead_${n}`)}`).join(',\n  ')}
FROM stepped ORDER BY month`;
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
