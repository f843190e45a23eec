import {
  changeMode,
  type FeatureDefinition,
  type TrainingSpec,
} from '../../domain/data/training-features.js';
import { SERIES_TABLE, sqlIdent, sqlString } from './duckdb-schema.js';
import {
  BASE_TABLE,
  ORDER,
  PERIOD,
  change,
  featureRowsSql,
  intraVol,
  level,
} from './training-features-sql.js';

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
      .filter((id) => changeMode(id, spec) === 'diff')
      .map(sqlString)
      .join(', ') || "''";
  const volatilitySeries = [...new Set(features.flatMap((f) => (f.kind === 'volatility' ? [f.series] : [])))];
  const pivot = ids.map((id) => `max(m.value) FILTER (WHERE m.series_id = ${sqlString(id)}) AS ${level(id)}`);
  const intraPivot = dailySeries.map(
    (id) => `max(i.vol) FILTER (WHERE i.series_id = ${sqlString(id)}) AS ${intraVol(id)}`,
  );
  const oneStep = volatilitySeries.map(
    (id) =>
      `${change(level(id), `lag(${level(id)}) ${ORDER}`, changeMode(id, spec))} AS ${sqlIdent(`c1_${id.toLowerCase()}`)}`,
  );
  const target = level(spec.target);
  const p = PERIOD;
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
  SELECT series_id, CAST(date_trunc('month', date) AS DATE) AS ${p}, avg(value) AS value FROM obs GROUP BY ALL
),
intra AS (
  SELECT series_id, CAST(date_trunc('month', date) AS DATE) AS ${p}, stddev_samp(change) AS vol FROM daily_change GROUP BY ALL
),
spine AS (
  SELECT CAST(unnest(generate_series(min(date), max(date), INTERVAL 1 MONTH)) AS DATE) AS ${p}
  FROM obs WHERE series_id = ${sqlString(spec.target)}
),
present AS (
  SELECT DISTINCT CAST(date_trunc('month', date) AS DATE) AS ${p} FROM obs WHERE series_id = ${sqlString(spec.target)}
),
wide AS (
  SELECT s.${p}, ${pivot.join(',\n    ')}
  FROM spine s LEFT JOIN monthly m ON m.${p} = s.${p} GROUP BY s.${p}
),
intra_wide AS (
  SELECT s.${p}${intraPivot.map((c) => `, ${c}`).join('')}
  FROM spine s LEFT JOIN intra i ON i.${p} = s.${p} GROUP BY s.${p}
),
prepared AS (
  SELECT w.*${dailySeries.length > 0 ? `, iw.* EXCLUDE (${p})` : ''}, pr.${p} IS NOT NULL AS present
  FROM wide w JOIN intra_wide iw ON iw.${p} = w.${p} LEFT JOIN present pr ON pr.${p} = w.${p}
),
${featureRowsSql({ target, oneStep, features, leads })}`;
}
