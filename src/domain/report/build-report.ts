import { HORIZONS, type Horizon } from '../horizon.js';
import { forecastsOf } from '../model/horizon-forecast.js';
import { MODEL_LIBRARIES } from '../model/model.js';
import { STAGE_KINDS, stageKindOf } from '../night/pipeline-plan.js';
import type { RunRecord } from '../night/run.js';
import { freshness, HISTORY_DAYS, quality } from './data-charts.js';
import type { ReportChart, ReportFacts, ReportModel } from './report-model.js';
import { at, DAY_MS, details, finite, isJson, plural, round, type Point } from './report-reading.js';

export { HISTORY_DAYS };

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
    facts.runs.some((r) => isJson(at(details(r, 'predict'), 'horizons', h))),
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
    lastRunAgeHours:
      ended[0] === undefined
        ? null
        : round((facts.now.getTime() - Date.parse(ended[0].started_at)) / 3_600_000, 1),
    incidentSince: facts.incidentSince,
    nights: recent.length,
    failedNights: recent.filter((r) => r.state === 'failed' || r.state === 'interrupted').length,
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
    const made = at(details(run, 'predict'), 'horizons', horizon);
    const asOf = at(made, 'as_of_date');
    const price = finite(at(made, 'current_price'));
    if (typeof asOf !== 'string' || price === undefined) continue;
    actual.set(asOf, price);
    const target = at(made, 'target_date');
    const predicted = finite(at(made, 'champion', 'predicted_price'));
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
    const scores = at(details(run, 'evaluate'), 'horizons', horizon, 'walk_forward');
    for (const model of WALK_FORWARD_MODELS) {
      const mape = finite(at(scores, model, 'mape'));
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
    description: `${recent.length} runs: ${count('success')} succeeded, ${count('partial')} partly, ${count('failed')} failed, ${count('interrupted')} interrupted.`,
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
