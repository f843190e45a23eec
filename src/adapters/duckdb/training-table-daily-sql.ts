import {
  changeMode,
  type FeatureDefinition,
  type TrainingSpec,
} from '../../domain/data/training-features.js';
import { SERIES_TABLE, sqlIdent, sqlString } from './duckdb-schema.js';
import { BASE_TABLE, ORDER, PERIOD, change, featureRowsSql, level } from './training-features-sql.js';

/**
 * The statement that builds BASE_TABLE for a daily target: one row per day the target has a
 * value (its trading days), so lags, windows and the target leads count trading days. Each
 * driver contributes its latest value known at the row's date (an as-of join): a daily series
 * its last observation dated on or before the row, a monthly one the last month that had ended
 * by then (an IMF value dated the first of a month is that month's average, known once it is
 * over). Point-in-time: nothing a row uses was published after its date.
 */
export function dailyBaseTableSql(
  spec: TrainingSpec,
  features: readonly FeatureDefinition[],
  monthlySeries: readonly string[],
  leads: readonly number[],
): string {
  const drivers = spec.drivers.filter((d) => d !== spec.target);
  const ids = [spec.target, ...drivers];
  const monthlyList = monthlySeries.length > 0 ? monthlySeries.map(sqlString).join(', ') : "''";
  const volatilitySeries = [...new Set(features.flatMap((f) => (f.kind === 'volatility' ? [f.series] : [])))];
  const asOf = drivers.map(
    (id, i) => `a${i} AS (
  SELECT s.${PERIOD}, k.value AS ${level(id)} FROM spine s
  ASOF LEFT JOIN (SELECT known_from, value FROM known WHERE series_id = ${sqlString(id)}) k ON s.${PERIOD} >= k.known_from
)`,
  );
  const oneStep = volatilitySeries.map(
    (id) =>
      `${change(level(id), `lag(${level(id)}) ${ORDER}`, changeMode(id, spec))} AS ${sqlIdent(`c1_${id.toLowerCase()}`)}`,
  );
  const target = level(spec.target);
  return `CREATE OR REPLACE TABLE ${BASE_TABLE} AS
WITH obs AS (
  SELECT series_id, date, value FROM ${SERIES_TABLE}
  WHERE series_id IN (${ids.map(sqlString).join(', ')}) AND value IS NOT NULL
),
known AS (
  SELECT series_id, value,
    CASE WHEN series_id IN (${monthlyList}) THEN CAST(date_trunc('month', date) + INTERVAL 1 MONTH AS DATE) ELSE date END AS known_from
  FROM obs
),
spine AS (
  SELECT date AS ${PERIOD}, value AS ${target} FROM obs WHERE series_id = ${sqlString(spec.target)}
)${asOf.map((c) => `,\n${c}`).join('')},
prepared AS (
  SELECT s.*${drivers.map((id, i) => `, a${i}.${level(id)}`).join('')}, TRUE AS present
  FROM spine s${drivers.map((_, i) => ` LEFT JOIN a${i} ON a${i}.${PERIOD} = s.${PERIOD}`).join('')}
),
${featureRowsSql({ target, oneStep, features, leads })}`;
}
