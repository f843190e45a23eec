import { HORIZONS, type Horizon } from '../horizon.js';
import { MODEL_LIBRARIES } from '../model/model.js';
import { STAGE_KINDS, stageKindOf } from '../night/pipeline-plan.js';
import { stageDetails, type RunRecord } from '../night/run.js';
import { isPublished } from '../night/stage-details.js';
import { nightAttention, reportForecasts } from './night-attention.js';
import type { ChartValue, ReportChart, ReportFacts, ReportModel } from './report-model.js';

/** The run-history charts look back this many days. */
export const HISTORY_DAYS = 90;

/** The forecast charts show at least this many years of real prices before the newest one. */
export const PRICE_YEARS = 3;

/** Every severity a quality finding can have, as the quality report writes them. */
export const FINDING_SEVERITIES = ['blocking', 'trim', 'warning'] as const;

/** The series of a forecast chart, in people's words (they are the legend). */
export const FORECAST_SERIES = ['real price', 'walk-forward forecast', 'published forecast'] as const;

const DAY_MS = 86_400_000;

type Point = Readonly<Record<string, ChartValue>>;

const WALK_FORWARD_MODELS = [...MODEL_LIBRARIES, 'naive'] as const;

/**
 * What the report shows, decided from the facts: what needs attention after the last night, the
 * published forecasts, and per horizon the forecasts against the real price and the
 * walk-forward error of each library and of naive; then the run history of the last 90 days
 * (outcome strip, stage durations), the watchdog's checks, the data's freshness and the quality
 * findings. Pure.
 */
export function buildReport(facts: ReportFacts): ReportModel {
  // The last 90 days of the machine's own activity: a home whose runs stopped weeks ago still
  // shows its last nights (the summary says how old the last run is).
  const newest = Math.max(
    ...facts.runs.map((r) => Date.parse(r.started_at)),
    ...facts.watchdog.map((c) => Date.parse(c.at)),
  );
  const since = (Number.isFinite(newest) ? newest : facts.now.getTime()) - HISTORY_DAYS * DAY_MS;
  const oldestFirst = [...facts.runs].reverse();
  const recent = oldestFirst.filter((r) => Date.parse(r.started_at) >= since && r.state !== 'running');
  const horizons = HORIZONS.filter((h) =>
    facts.runs.some((r) => stageDetails(r, 'predict')?.horizons[h] !== undefined),
  );
  const charts: ReportChart[] = [];
  for (const horizon of horizons) {
    charts.push(forecastChart(horizon, oldestFirst, facts));
    charts.push(walkForwardChart(horizon, recent));
  }
  charts.push(
    runStrip(recent),
    stageDurations(recent),
    watchdogChart(facts, since),
    freshness(recent),
    quality(recent),
  );
  const ended = facts.runs.filter((r) => r.state !== 'running');
  return {
    generatedAt: facts.now.toISOString(),
    attention: nightAttention(ended, facts.now, facts.incidentSince),
    forecasts: reportForecasts(ended),
    lastRun: ended[0] ?? null,
    lastRunAgeHours:
      ended[0] === undefined
        ? null
        : round((facts.now.getTime() - Date.parse(ended[0].started_at)) / 3_600_000, 1),
    incidentSince: facts.incidentSince,
    priceUnit: facts.priceUnit,
    nights: recent.length,
    failedNights: recent.filter(
      (r) => r.state === 'failed' || r.state === 'interrupted' || r.state === 'degraded',
    ).length,
    charts,
  };
}

/** `price (US¢/lb)`, or `price` when the unit is unknown: none is claimed then. */
function priceLabel(unit: string | null): string {
  return unit === null ? 'price' : `price (${unit})`;
}

function forecastChart(horizon: Horizon, oldestFirst: readonly RunRecord[], facts: ReportFacts): ReportChart {
  const [real, walkForward, published] = FORECAST_SERIES;
  const actual = new Map<string, number>();
  const forecasts = new Map<string, Point>();
  const champion = facts.champions.find((c) => c.horizon === horizon);
  for (const fold of champion?.folds ?? []) {
    actual.set(fold.cutDate, fold.currentPrice);
    actual.set(fold.targetDate, fold.actualPrice);
  }
  for (const run of oldestFirst) {
    const made = stageDetails(run, 'predict')?.horizons[horizon];
    if (!isPublished(made) || !Number.isFinite(made.current_price)) continue;
    const asOf = made.as_of_date;
    actual.set(asOf, made.current_price);
    const target = made.target_date;
    const predicted = made.champion?.predicted_price;
    // one forecast per as-of date: the newest night's (as predictions.vw_zl_<h>_latest)
    if (target !== null && predicted !== undefined && Number.isFinite(predicted))
      forecasts.set(asOf, {
        date: target,
        price: round(predicted),
        series: published,
        from: asOf,
        model: modelName(made.champion?.model),
      });
  }
  // the table's real prices, whichever model published (the naive forecast has no folds): the
  // last few years, and as far back as the folds and the forecasts reach
  const history = facts.prices.find((p) => p.horizon === horizon);
  const starts = [
    ...(champion?.folds ?? []).map((f) => f.cutDate),
    ...[...forecasts.values()].map((f) => String(f['from'])),
  ];
  const lastDate = history?.dates.at(-1);
  if (lastDate !== undefined) starts.push(yearsBefore(lastDate, PRICE_YEARS));
  const from = starts.sort()[0] ?? '';
  history?.dates.forEach((date, i) => {
    const price = history.prices[i];
    if (date >= from && price !== undefined && Number.isFinite(price) && !actual.has(date))
      actual.set(date, price);
  });
  const unit = facts.priceUnit === null ? '' : ` ${facts.priceUnit}`;
  const points: Point[] = [
    ...[...actual.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, price]) => ({ date, price: round(price), series: real, from: date, model: '' })),
    ...(champion?.folds ?? []).map((f) => ({
      date: f.targetDate,
      price: round(f.predictedPrice),
      series: walkForward,
      from: f.cutDate,
      model: modelName(champion?.model),
    })),
    ...forecasts.values(),
  ];
  const latest = [...forecasts.values()].at(-1);
  const dates = [...actual.keys()].sort();
  return {
    id: `forecast-${horizon}`,
    kind: 'forecast',
    horizon,
    title: `${horizon}: forecasts against the real price`,
    description:
      `Soybean oil price${unit === '' ? '' : ` in${unit}`}: ${plural(actual.size, 'real value')}` +
      `${dates.length > 0 ? ` from ${dates[0]} to ${dates.at(-1)}` : ''}; ` +
      `${plural(forecasts.size, `published ${horizon} forecast`)} placed at their target dates` +
      (latest === undefined
        ? ''
        : ` (newest: ${decimal(Number(latest['price']))}${unit} for ${String(latest['date'])}, by ${String(latest['model'])})`) +
      (champion === undefined
        ? '.'
        : `; ${plural(champion.folds.length, 'walk-forward forecast')} of the champion ${modelName(champion.model)} ${champion.version}.`),
    points,
    columns: [
      { key: 'series', label: 'series' },
      { key: 'model', label: 'by' },
      { key: 'from', label: 'made from' },
      { key: 'date', label: 'date' },
      { key: 'price', label: priceLabel(facts.priceUnit) },
    ],
  };
}

function walkForwardChart(horizon: Horizon, recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    const scores = stageDetails(run, 'evaluate')?.horizons[horizon]?.walk_forward;
    for (const model of WALK_FORWARD_MODELS) {
      const mape = scores?.[model]?.mape;
      if (mape !== undefined && mape !== null && Number.isFinite(mape))
        points.push({ night: run.started_at, model, mape: round(mape, 3) });
    }
  }
  const last = (model: string): number | undefined => {
    const found = points.filter((p) => p['model'] === model).at(-1)?.['mape'];
    return typeof found === 'number' ? found : undefined;
  };
  const latest = WALK_FORWARD_MODELS.flatMap((m) =>
    last(m) === undefined ? [] : [`${modelName(m)} ${decimal(last(m) ?? 0)} %`],
  );
  const runs = new Set(points.map((p) => p['night'])).size;
  return {
    id: `walk-forward-${horizon}`,
    kind: 'walk-forward',
    horizon,
    title: `${horizon}: walk-forward error of each library and of naive`,
    description:
      points.length === 0
        ? `No evaluated night in the last ${HISTORY_DAYS} days.`
        : `Walk-forward mean absolute percentage error (MAPE) of ${plural(runs, 'run')} in the last ${HISTORY_DAYS} days; lower is better, a library under naive has skill. Newest: ${latest.join(', ')}.`,
    points,
    columns: [
      { key: 'night', label: 'run started' },
      { key: 'model', label: 'model' },
      { key: 'mape', label: 'walk-forward MAPE (%)' },
    ],
  };
}

function runStrip(recent: readonly RunRecord[]): ReportChart {
  const points = recent.map((r) => ({ night: r.started_at, state: r.state, run: r.run_id }));
  const count = (state: string): number => recent.filter((r) => r.state === state).length;
  return {
    id: 'run-strip',
    kind: 'run-strip',
    horizon: null,
    title: `Every run of the last ${HISTORY_DAYS} days`,
    description: `${plural(recent.length, 'run')}: ${count('success')} succeeded, ${count('partial')} partly, ${count('degraded')} degraded, ${count('failed')} failed, ${count('interrupted')} interrupted.`,
    points,
    columns: [
      { key: 'night', label: 'started' },
      { key: 'run', label: 'run' },
      { key: 'state', label: 'outcome' },
    ],
  };
}

function stageDurations(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    for (const group of STAGE_KINDS) {
      const seconds = run.stages
        .filter((s) => stageKindOf(s.name) === group)
        .reduce((sum, s) => sum + (s.duration_seconds ?? 0), 0);
      if (seconds > 0)
        points.push({
          night: run.started_at,
          run: run.run_id,
          stage: group,
          minutes: round(seconds / 60, 4),
        });
    }
  }
  const totals = recent.map((r) => ({
    run: r,
    seconds: r.stages.reduce((sum, s) => sum + (s.duration_seconds ?? 0), 0),
  }));
  const longest = totals.reduce<(typeof totals)[number] | undefined>(
    (best, t) => (best === undefined || t.seconds > best.seconds ? t : best),
    undefined,
  );
  return {
    id: 'stage-durations',
    kind: 'stage-durations',
    horizon: null,
    title: 'How long each run took, by stage',
    description:
      longest === undefined
        ? `No run in the last ${HISTORY_DAYS} days.`
        : `Minutes per stage, one bar per run (${plural(recent.length, 'run')} in the last ${HISTORY_DAYS} days; train: all horizons); the longest, run ${longest.run.run_id}, took ${duration(longest.seconds)}.`,
    points,
    columns: [
      { key: 'night', label: 'run started' },
      { key: 'run', label: 'run' },
      { key: 'stage', label: 'stage' },
      { key: 'minutes', label: 'minutes' },
    ],
  };
}

function watchdogChart(facts: ReportFacts, since: number): ReportChart {
  const checks = facts.watchdog.filter((c) => Date.parse(c.at) >= since);
  const points = checks.map((c) => ({
    at: c.at,
    state: c.state,
    incident: c.incidentOpen ? 'open' : 'none',
  }));
  const bad = checks.filter((c) => c.state !== 'healthy' && c.state !== 'running');
  return {
    id: 'watchdog',
    kind: 'watchdog',
    horizon: null,
    title: 'What the hourly watchdog found',
    description:
      checks.length === 0
        ? `No watchdog check in the last ${HISTORY_DAYS} days.`
        : `${plural(checks.length, 'check')}; ${bad.length} found something wrong; ${checks.filter((c) => c.incidentOpen).length} with an incident open${facts.incidentSince === null ? '' : ` (open since ${when(facts.incidentSince)})`}.`,
    points,
    columns: [
      { key: 'at', label: 'checked' },
      { key: 'state', label: 'state' },
      { key: 'incident', label: 'incident' },
    ],
  };
}

// The charts of the data itself: how old each table's newest row was, and the quality findings.

function freshness(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    const tables = stageDetails(run, 'quality')?.tables ?? {};
    for (const horizon of HORIZONS) {
      const last = tables[horizon]?.last_date;
      if (last === undefined || last === null) continue;
      const days = Math.floor((Date.parse(run.started_at.slice(0, 10)) - Date.parse(last)) / DAY_MS);
      points.push({ night: run.started_at, horizon, days });
    }
  }
  const newest = points.at(-1);
  return {
    id: 'freshness',
    kind: 'freshness',
    horizon: null,
    title: 'How old the newest data row was each night',
    description:
      newest === undefined
        ? `No audited table in the last ${HISTORY_DAYS} days.`
        : `Days between each run and the newest row of each training table; the last run saw data ${plural(Number(newest['days']), 'day')} old.`,
    points,
    columns: [
      { key: 'night', label: 'run started' },
      { key: 'horizon', label: 'table' },
      { key: 'days', label: 'days since the newest row' },
    ],
  };
}

function quality(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  let total = 0;
  for (const run of recent) {
    const audited = stageDetails(run, 'quality')?.tables ?? {};
    const tables = HORIZONS.flatMap((h) => audited[h] ?? []);
    const findings = tables.flatMap((table) => table.findings);
    if (tables.length === 0) continue;
    // every audited run gets every severity's count, zeros too: a run with no finding is news as well
    const bySeverity = new Map<string, number>(FINDING_SEVERITIES.map((s) => [s, 0]));
    for (const { severity } of findings) bySeverity.set(severity, (bySeverity.get(severity) ?? 0) + 1);
    for (const [severity, count] of bySeverity) {
      total += count;
      points.push({ night: run.started_at, run: run.run_id, severity, count });
    }
  }
  const counts = FINDING_SEVERITIES.map(
    (s) =>
      `${points.filter((p) => p['severity'] === s).reduce((sum, p) => sum + Number(p['count']), 0)} ${s}`,
  );
  return {
    id: 'quality',
    kind: 'quality',
    horizon: null,
    title: 'Data quality findings per run',
    description: `${plural(total, 'finding')} over the last ${HISTORY_DAYS} days (${counts.join(', ')}), one bar per run: blocking findings stop a horizon, trim leaves the rows or columns named out, warnings are recorded.`,
    points,
    columns: [
      { key: 'night', label: 'run started' },
      { key: 'run', label: 'run' },
      { key: 'severity', label: 'severity' },
      { key: 'count', label: 'findings' },
    ],
  };
}

/** A library's name as people write it; the naive forecast is `naive`. */
export function modelName(model: unknown): string {
  if (model === 'lightgbm') return 'LightGBM';
  if (model === 'xgboost') return 'XGBoost';
  return typeof model === 'string' ? model : '';
}

/** An ISO time as people read it: `2026-12-07 07:07 UTC`. */
export function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : iso;
}

function duration(seconds: number): string {
  return seconds < 60 ? `${decimal(seconds, 1)} seconds` : `${decimal(seconds / 60, 1)} minutes`;
}

function yearsBefore(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) - years;
  return `${String(year).padStart(4, '0')}${date.slice(4, 10)}`;
}

function decimal(value: number, digits = 2): string {
  const fixed = value.toFixed(digits);
  const [whole = '', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
