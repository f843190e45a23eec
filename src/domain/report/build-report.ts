import { HORIZONS, type Horizon } from '../horizon.js';
import { forecastsOf } from '../model/horizon-forecast.js';
import { MODEL_LIBRARIES } from '../model/model.js';
import { STAGE_KINDS, stageKindOf } from '../night/pipeline-plan.js';
import { at, finiteAt, isJsonObject, listAt } from '../json-path.js';
import { stageDetails, type RunRecord } from '../night/run.js';
import type { ChartValue, ReportChart, ReportFacts, ReportModel } from './report-model.js';

/** The run-history charts look back this many days. */
export const HISTORY_DAYS = 90;

const DAY_MS = 86_400_000;

type Point = Readonly<Record<string, ChartValue>>;

const WALK_FORWARD_MODELS = [...MODEL_LIBRARIES, 'naive'] as const;

/**
 * What the report shows, decided from the facts: the forecast summary, and per horizon the
 * forecasts against the real price and the walk-forward error of each library and of naive;
 * then the run history of the last 90 days (outcome strip, stage durations), the watchdog's
 * checks, the data's freshness and the quality findings. Pure.
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
    facts.runs.some((r) => isJsonObject(at(stageDetails(r, 'predict'), 'horizons', h))),
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
    forecasts: forecastsOf(ended),
    lastRun: ended[0] ?? null,
    delivery: ended[0]?.delivery ?? null,
    lastRunAgeHours:
      ended[0] === undefined
        ? null
        : round((facts.now.getTime() - Date.parse(ended[0].started_at)) / 3_600_000, 1),
    incidentSince: facts.incidentSince,
    nights: recent.length,
    failedNights: recent.filter(
      (r) => r.state === 'failed' || r.state === 'interrupted' || r.state === 'degraded',
    ).length,
    charts,
  };
}

function forecastChart(horizon: Horizon, oldestFirst: readonly RunRecord[], facts: ReportFacts): ReportChart {
  const actual = new Map<string, number>();
  const forecasts = new Map<string, Point>();
  const champion = facts.champions.find((c) => c.horizon === horizon);
  for (const fold of champion?.folds ?? []) {
    actual.set(fold.cutDate, fold.currentPrice);
    actual.set(fold.targetDate, fold.actualPrice);
  }
  for (const run of oldestFirst) {
    const made = at(stageDetails(run, 'predict'), 'horizons', horizon);
    const asOf = at(made, 'as_of_date');
    const price = finiteAt(made, 'current_price');
    if (typeof asOf !== 'string' || price === undefined) continue;
    actual.set(asOf, price);
    const target = at(made, 'target_date');
    const predicted = finiteAt(made, 'champion', 'predicted_price');
    // one forecast per as-of date: the newest night's (as predictions.vw_zl_<h>_latest)
    if (typeof target === 'string' && predicted !== undefined)
      forecasts.set(asOf, { date: target, price: round(predicted), series: 'forecast', from: asOf });
  }
  const points: Point[] = [
    ...[...actual.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, price]) => ({
        date,
        price: round(price),
        series: 'actual',
        from: date,
      })),
    ...(champion?.folds ?? []).map((f) => ({
      date: f.targetDate,
      price: round(f.predictedPrice),
      series: 'walk-forward',
      from: f.cutDate,
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
      `Soybean oil price (${actual.size} real values${dates.length > 0 ? ` from ${dates[0]} to ${dates.at(-1)}` : ''}), ` +
      `${plural(forecasts.size, `nightly ${horizon} forecast`)} of the champion placed at their target dates` +
      (latest === undefined ? '' : ` (newest: ${String(latest['price'])} for ${String(latest['date'])})`) +
      (champion === undefined
        ? '.'
        : `, and ${champion.folds.length} walk-forward forecasts of ${champion.model} ${champion.version}.`),
    points,
    columns: [
      { key: 'series', label: 'series' },
      { key: 'from', label: 'made from' },
      { key: 'date', label: 'date' },
      { key: 'price', label: 'price' },
    ],
  };
}

function walkForwardChart(horizon: Horizon, recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    const scores = at(stageDetails(run, 'evaluate'), 'horizons', horizon, 'walk_forward');
    for (const model of WALK_FORWARD_MODELS) {
      const mape = finiteAt(scores, model, 'mape');
      if (mape !== undefined) points.push({ night: run.started_at, model, mape: round(mape, 3) });
    }
  }
  const last = (model: string): number | undefined => {
    const found = points.filter((p) => p['model'] === model).at(-1)?.['mape'];
    return typeof found === 'number' ? found : undefined;
  };
  const latest = WALK_FORWARD_MODELS.flatMap((m) =>
    last(m) === undefined ? [] : [`${m} ${String(last(m))} %`],
  );
  return {
    id: `walk-forward-${horizon}`,
    kind: 'walk-forward',
    horizon,
    title: `${horizon}: walk-forward MAPE of each library and of naive`,
    description:
      points.length === 0
        ? `No evaluated night in the last ${HISTORY_DAYS} days.`
        : `Walk-forward mean absolute percentage error per night over the last ${HISTORY_DAYS} days; lower is better, a library under naive has skill. Newest: ${latest.join(', ')}.`,
    points,
    columns: [
      { key: 'night', label: 'night' },
      { key: 'model', label: 'model' },
      { key: 'mape', label: 'MAPE %' },
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
    description: `${recent.length} runs: ${count('success')} succeeded, ${count('partial')} partly, ${count('degraded')} degraded, ${count('failed')} failed, ${count('interrupted')} interrupted.`,
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
      if (seconds > 0) points.push({ night: run.started_at, stage: group, minutes: round(seconds / 60, 4) });
    }
  }
  const totals = recent.map((r) => r.stages.reduce((sum, s) => sum + (s.duration_seconds ?? 0), 0));
  const longest = totals.length === 0 ? 0 : Math.max(...totals);
  const took = longest < 60 ? `${round(longest, 1)} seconds` : `${round(longest / 60, 1)} minutes`;
  return {
    id: 'stage-durations',
    kind: 'stage-durations',
    horizon: null,
    title: 'How long each night took, by stage',
    description: `Minutes per stage of each run in the last ${HISTORY_DAYS} days (train: all horizons); the longest run took ${took}.`,
    points,
    columns: [
      { key: 'night', label: 'started' },
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
        : `${plural(checks.length, 'check')}; ${bad.length} found something wrong; ${checks.filter((c) => c.incidentOpen).length} with an incident open${facts.incidentSince === null ? '' : ` (open since ${facts.incidentSince})`}.`,
    points,
    columns: [
      { key: 'at', label: 'checked' },
      { key: 'state', label: 'state' },
      { key: 'incident', label: 'incident' },
    ],
  };
}

// The charts of the data itself: how old each table's newest row was, and the quality findings.

/**
 * The quality stage's audited tables as [horizon, summary]: an object keyed by horizon since the
 * user's own tables (schema of the quality report 2), an array of tables with a `horizon` before.
 */
function auditedTables(quality: unknown): [string, unknown][] {
  const tables = at(quality, 'tables');
  if (Array.isArray(tables))
    return tables.flatMap((t: unknown) => {
      const horizon = at(t, 'horizon');
      return typeof horizon === 'string' ? [[horizon, t] as [string, unknown]] : [];
    });
  if (typeof tables === 'object' && tables !== null) return Object.entries(tables);
  return [];
}

function freshness(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    for (const [horizon, table] of auditedTables(stageDetails(run, 'quality'))) {
      const last = at(table, 'last_date');
      if (typeof horizon !== 'string' || typeof last !== 'string') continue;
      const days = Math.floor((Date.parse(day(run.started_at)) - Date.parse(last)) / DAY_MS);
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
        ? 'No audited table in the last 90 days.'
        : `Days between each night and the newest row of each training table; the last night saw data ${String(newest['days'])} days old.`,
    points,
    columns: [
      { key: 'night', label: 'night' },
      { key: 'horizon', label: 'horizon' },
      { key: 'days', label: 'days old' },
    ],
  };
}

function quality(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    const quality = stageDetails(run, 'quality');
    const tables = auditedTables(quality);
    // findings at the top (before the user's own tables) or per table
    const findings = [quality, ...tables.map(([, table]) => table)].flatMap((holder) =>
      listAt(holder, 'findings'),
    );
    if (findings.length === 0 && tables.length === 0) continue;
    // every audited night gets both counts, zeros too: a night with no finding is news as well
    const bySeverity = new Map<string, number>([
      ['warning', 0],
      ['blocking', 0],
    ]);
    for (const finding of findings) {
      const severity = at(finding, 'severity');
      if (typeof severity === 'string') bySeverity.set(severity, (bySeverity.get(severity) ?? 0) + 1);
    }
    for (const [severity, count] of bySeverity) points.push({ night: run.started_at, severity, count });
  }
  const total = points.reduce((sum, p) => sum + Number(p['count']), 0);
  return {
    id: 'quality',
    kind: 'quality',
    horizon: null,
    title: 'Data quality findings per night',
    description: `${total} findings over the last ${HISTORY_DAYS} days, by severity (blocking findings stop a night; warnings are recorded).`,
    points,
    columns: [
      { key: 'night', label: 'night' },
      { key: 'severity', label: 'severity' },
      { key: 'count', label: 'findings' },
    ],
  };
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
