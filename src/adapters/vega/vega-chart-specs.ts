import { HORIZONS, type Horizon } from '../../domain/horizon.js';
import { MODEL_LIBRARIES } from '../../domain/model/model.js';
import { STAGE_KINDS, type StageKind } from '../../domain/night/pipeline-plan.js';
import { FINDING_SEVERITIES, FORECAST_SERIES } from '../../domain/report/build-report.js';
import type { ChartKind, ReportChart } from '../../domain/report/report-model.js';

/** Okabe & Ito's palette: told apart with every common colour blindness. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

const INK = '#1a1a1a';

type Spec = Readonly<Record<string, unknown>>;

/** Drawn twice: wide for laptops, narrow for phones (an SVG shrunk to a phone makes its text unreadable). */
export type ChartSize = 'wide' | 'narrow';
const WIDTH: Readonly<Record<ChartSize, number>> = { wide: 640, narrow: 330 };
/** Tick labels per axis at most: fewer on a phone, so they never touch. */
const TICKS: Readonly<Record<ChartSize, number>> = { wide: 7, narrow: 3 };

/**
 * A scale whose categories always get the same colour and shape, whichever appear. The values are
 * a Record over a closed set of the domain, so a new stage, horizon or library must get its own.
 */
function categories<K extends string>(
  domain: readonly K[],
  range: Readonly<Record<K, string | readonly number[]>>,
): Spec {
  return { domain: [...domain], range: domain.map((key) => range[key]) };
}

/** A legend whose labels are people's words for the categories (`LightGBM`, not `lightgbm`). */
function legend(title: string | null, labels: Readonly<Record<string, string>> = {}): Spec {
  const cases = Object.entries(labels)
    .map(([value, label]) => `datum.label === '${value}' ? '${label}' : `)
    .join('');
  return cases === '' ? { title } : { title, labelExpr: `${cases}datum.label` };
}

const MODELS = [...MODEL_LIBRARIES, 'naive'] as const;
type Model = (typeof MODELS)[number];
const MODEL_COLOURS: Readonly<Record<Model, string>> = {
  lightgbm: OKABE_ITO.blue,
  xgboost: OKABE_ITO.orange,
  naive: OKABE_ITO.black,
};
const MODEL_LABELS: Readonly<Record<Model, string>> = {
  lightgbm: 'LightGBM',
  xgboost: 'XGBoost',
  naive: 'naive (no change)',
};
const HORIZON_COLOURS: Readonly<Record<Horizon, string>> = {
  '1w': OKABE_ITO.purple,
  '1m': OKABE_ITO.blue,
  '3m': OKABE_ITO.orange,
  '6m': OKABE_ITO.green,
  '12m': OKABE_ITO.black,
};
const HORIZON_SHAPES: Readonly<Record<Horizon, string>> = {
  '1w': 'triangle-up',
  '1m': 'circle',
  '3m': 'diamond',
  '6m': 'square',
  '12m': 'cross',
};
const STAGE_COLOURS: Readonly<Record<StageKind, string>> = {
  export: OKABE_ITO.sky,
  quality: OKABE_ITO.yellow,
  train: OKABE_ITO.blue,
  predict: OKABE_ITO.orange,
  upload: OKABE_ITO.green,
  evaluate: OKABE_ITO.purple,
};
type Severity = (typeof FINDING_SEVERITIES)[number];
const SEVERITY_COLOURS: Readonly<Record<Severity, string>> = {
  blocking: OKABE_ITO.vermillion,
  trim: OKABE_ITO.sky,
  warning: OKABE_ITO.orange,
};
type Series = (typeof FORECAST_SERIES)[number];
const SERIES_COLOURS: Readonly<Record<Series, string>> = {
  'real price': OKABE_ITO.black,
  'walk-forward forecast': OKABE_ITO.blue,
  'published forecast': OKABE_ITO.vermillion,
};
const SERIES_SHAPES: Readonly<Record<Series, string>> = {
  'real price': 'circle',
  'walk-forward forecast': 'square',
  'published forecast': 'triangle-up',
};
const STATES = ['success', 'partial', 'degraded', 'failed', 'interrupted'] as const;
const WATCHDOG_STATES = [
  'healthy',
  'running',
  'missed',
  'failed',
  'stale',
  'corrupt',
  'never_run',
  'persistent_failure',
  'degraded',
  'busy',
];
const INCIDENT = ['none', 'open'] as const;

const HOUR_MS = 3_600_000;
/** A tick this close (px) to either end of a time axis gets a label aligned inwards. */
const FLUSH_PX = 40;
const DAY_MS = 24 * HOUR_MS;

/** How a time axis over these values labels its ticks: each label distinct, the year always said. */
interface TimeLabels {
  readonly format: string;
  readonly interval: 'hours' | 'day' | 'month' | 'year';
  readonly step: number;
  /** `(2026)` when every value falls in one year (the labels then leave it out), else ''. */
  readonly year: string;
}

function timeLabels(values: readonly number[], size: ChartSize): TimeLabels {
  const first = Math.min(...values);
  const last = Math.max(...values);
  const span = Number.isFinite(last - first) ? last - first : 0;
  const ticks = TICKS[size];
  const sameYear = new Date(first).getUTCFullYear() === new Date(last).getUTCFullYear();
  const year = sameYear && Number.isFinite(first) ? ` (${new Date(first).getUTCFullYear()})` : '';
  const withYear = (format: string): string => (sameYear ? format : `${format} %Y`);
  if (span <= 3 * DAY_MS)
    return {
      format: withYear('%b %d %H:%M'),
      interval: 'hours',
      step: niceStep(Math.ceil(span / HOUR_MS / ticks), [1, 2, 3, 6, 12, 24]),
      year,
    };
  const days = Math.ceil(span / DAY_MS / ticks);
  // up to a fortnight a tick: days; beyond, the first of each month (days every 28 restart
  // with each month, two ticks a month apart by a few days)
  if (span <= 200 * DAY_MS && days <= 14)
    return { format: withYear('%b %d'), interval: 'day', step: niceStep(days, [1, 2, 3, 7, 14]), year };
  if (span <= 200 * DAY_MS)
    return {
      format: withYear('%b %d'),
      interval: 'month',
      step: niceStep(Math.ceil(days / 30), [1, 2, 3]),
      year,
    };
  if (span <= 6 * 365 * DAY_MS)
    return {
      format: '%b %Y',
      interval: 'month',
      step: niceStep(Math.ceil(span / (30 * DAY_MS) / ticks), [1, 2, 3, 6, 12]),
      year: '',
    };
  return {
    format: '%Y',
    interval: 'year',
    step: Math.max(1, Math.ceil(span / (365 * DAY_MS) / ticks)),
    year: '',
  };
}

function niceStep(wanted: number, steps: readonly number[]): number {
  return steps.find((s) => s >= wanted) ?? steps.at(-1) ?? 1;
}

function timesOf(chart: ReportChart, field: string): number[] {
  return chart.points.map((p) => Date.parse(String(p[field]))).filter(Number.isFinite);
}

/** A time x axis: labels that say the year, one label per tick interval, never overlapping. */
function time(chart: ReportChart, size: ChartSize, field: string, title: string): Spec {
  const times = timesOf(chart, field);
  const first = Math.min(...times);
  const last = Math.max(...times);
  // one night (or a few hours) has no span to label: a day around it, ticks every few hours
  const short = Number.isFinite(first) && last - first < 6 * HOUR_MS;
  const domain = [first - 12 * HOUR_MS, last + 12 * HOUR_MS];
  const labels = timeLabels(short ? domain : times, size);
  return {
    field,
    type: 'temporal',
    title: `${title}${labels.year}`,
    // padding: a mark at the edge of the time range (the newest forecast) is drawn whole
    scale: short ? { type: 'utc', domain } : { type: 'utc', padding: 18 },
    axis: {
      format: labels.format,
      // the scale is UTC: the format and the tick intervals are read in UTC
      tickCount: { interval: labels.interval, step: labels.step },
      labelOverlap: 'greedy',
      labelSeparation: 6,
      // the labels of the first and last ticks stay inside the drawing, clear of the other axis
      labelFlush: FLUSH_PX,
    },
  };
}

/** One band per run (several runs of one day are several bars), labelled by when it started. */
function perRun(chart: ReportChart, size: ChartSize, title: string): Spec {
  const times = timesOf(chart, 'night');
  const days = times.map((t) => new Date(t).toISOString().slice(0, 10));
  const sameDay = new Set(days).size < new Set(times).size;
  const labels = timeLabels(times, size);
  const sameYear = labels.year !== '' || times.length === 0;
  const format = `%b %d${sameDay ? ' %H:%M' : ''}${sameYear ? '' : ' %Y'}`;
  return {
    field: 'night',
    type: 'ordinal',
    title: `${title}${labels.year}`,
    axis: {
      labelExpr: `utcFormat(toDate(datum.value), '${format}')`,
      labelOverlap: 'greedy',
      labelSeparation: 6,
      labelAngle: 0,
      labelFlush: true,
    },
  };
}

/** The label of a column of the chart's data (its axis title, units included). */
function label(chart: ReportChart, key: string): string {
  return chart.columns.find((c) => c.key === key)?.label ?? key;
}

/** The Vega-Lite spec of one chart: every point of its data is one mark (a symbol or a bar). */
export function chartSpec(chart: ReportChart, size: ChartSize): Spec {
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH[size],
    data: { values: chart.points.map((p) => ({ ...p })) },
    config: {
      font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
      axis: {
        labelFontSize: 12,
        titleFontSize: 12,
        labelColor: INK,
        titleColor: INK,
        tickCount: TICKS[size],
      },
      legend: {
        labelFontSize: 12,
        titleFontSize: 12,
        labelColor: INK,
        titleColor: INK,
        orient: 'bottom',
        direction: 'horizontal',
        columns: size === 'wide' ? 6 : 2,
        labelLimit: 0,
      },
      view: { stroke: null },
    },
  };
  const body = BODY[chart.kind](chart, size);
  // a season of nights: smaller symbols, so the lines between them still show
  return chart.points.length > 120 ? { ...base, ...shrinkPoints(body) } : { ...base, ...body };
}

function shrinkPoints(body: Spec): Spec {
  const layer = body['layer'];
  if (!Array.isArray(layer)) return body;
  return {
    ...body,
    layer: layer.map((l: Spec) => {
      const mark = l['mark'];
      return typeof mark === 'object' && mark !== null && 'type' in mark && mark.type === 'point'
        ? { ...l, mark: { ...mark, size: 12 } }
        : l;
    }),
  };
}

const BODY: Readonly<Record<ChartKind, (chart: ReportChart, size: ChartSize) => Spec>> = {
  forecast: (chart, size) => {
    const x = time(chart, size, 'date', 'date');
    const [real, , published] = FORECAST_SERIES;
    const many = chart.points.length > 120;
    const series = {
      field: 'series',
      type: 'nominal',
      legend: legend(null),
      scale: categories(FORECAST_SERIES, SERIES_COLOURS),
    };
    return {
      height: 260,
      layer: [
        {
          transform: [{ filter: `datum.series === '${real}'` }],
          mark: { type: 'line', color: OKABE_ITO.black, strokeWidth: many ? 1 : 1.5 },
          encoding: { x, y: { field: 'price', type: 'quantitative' } },
        },
        {
          // the real prices as small dots under the forecasts, the forecasts on top
          transform: [{ calculate: `datum.series === '${real}' ? 0 : 1`, as: 'order' }],
          mark: { type: 'point', filled: true, opacity: 0.9 },
          encoding: {
            x,
            y: {
              field: 'price',
              type: 'quantitative',
              title: label(chart, 'price'),
              scale: { zero: false },
              axis: { format: ',.4~g' },
            },
            color: series,
            shape: { ...series, scale: categories(FORECAST_SERIES, SERIES_SHAPES) },
            // by value, not by a scale: one legend per series, symbols of the walk-forward size
            size: {
              condition: [
                { test: `datum.series === '${real}'`, value: many ? 4 : 20 },
                { test: `datum.series === '${published}'`, value: 70 },
              ],
              value: 30,
            },
            order: { field: 'order', type: 'quantitative' },
            tooltip: [
              { field: 'series' },
              { field: 'model', title: 'by' },
              { field: 'from', title: 'made from' },
              { field: 'date' },
              { field: 'price', title: label(chart, 'price') },
            ],
          },
        },
      ],
    };
  },
  'walk-forward': (chart, size) => {
    const x = time(chart, size, 'night', 'run started');
    const models = { field: 'model', type: 'nominal', legend: legend(null, MODEL_LABELS) };
    return {
      height: 220,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: 'mape', type: 'quantitative' },
            color: { ...models, scale: categories(MODELS, MODEL_COLOURS) },
            strokeDash: {
              ...models,
              scale: categories(MODELS, { lightgbm: [1, 0], xgboost: [6, 3], naive: [2, 2] }),
            },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x,
            y: {
              field: 'mape',
              type: 'quantitative',
              title: label(chart, 'mape'),
              scale: { zero: false },
            },
            color: { ...models, scale: categories(MODELS, MODEL_COLOURS) },
            shape: {
              ...models,
              scale: categories(MODELS, { lightgbm: 'circle', xgboost: 'diamond', naive: 'square' }),
            },
          },
        },
      ],
    };
  },
  'run-strip': (chart, size) => {
    const states = { field: 'state', type: 'nominal', legend: legend(null) };
    return {
      height: 70,
      mark: { type: 'point', filled: true, size: 110, opacity: 1 },
      encoding: {
        x: time(chart, size, 'night', 'started'),
        color: {
          ...states,
          scale: categories(STATES, {
            success: OKABE_ITO.green,
            partial: OKABE_ITO.orange,
            degraded: OKABE_ITO.yellow,
            failed: OKABE_ITO.vermillion,
            interrupted: OKABE_ITO.purple,
          }),
        },
        shape: {
          ...states,
          scale: categories(STATES, {
            success: 'circle',
            partial: 'diamond',
            degraded: 'triangle-down',
            failed: 'cross',
            interrupted: 'square',
          }),
        },
      },
    };
  },
  'stage-durations': (chart, size) => ({
    height: 220,
    mark: { type: 'bar' },
    encoding: {
      x: perRun(chart, size, 'run started'),
      y: { field: 'minutes', type: 'quantitative', title: label(chart, 'minutes'), stack: 'zero' },
      color: {
        field: 'stage',
        type: 'nominal',
        legend: legend(null),
        scale: categories(STAGE_KINDS, STAGE_COLOURS),
      },
      tooltip: [{ field: 'run' }, { field: 'stage' }, { field: 'minutes' }],
    },
  }),
  watchdog: (chart, size) => {
    const incident = { field: 'incident', type: 'nominal', legend: legend('incident') };
    return {
      height: 200,
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        x: time(chart, size, 'at', 'checked'),
        y: { field: 'state', type: 'nominal', title: null, sort: WATCHDOG_STATES },
        color: {
          ...incident,
          scale: categories(INCIDENT, { none: OKABE_ITO.blue, open: OKABE_ITO.vermillion }),
        },
        shape: { ...incident, scale: categories(INCIDENT, { none: 'circle', open: 'cross' }) },
      },
    };
  },
  freshness: (chart, size) => {
    const x = time(chart, size, 'night', 'run started');
    const tables = { field: 'horizon', type: 'nominal', legend: legend(label(chart, 'horizon')) };
    // the legend names the tables audited, each in its own colour and shape whichever appear
    const shown = HORIZONS.filter((h) => chart.points.some((p) => p['horizon'] === h));
    return {
      height: 200,
      layer: [
        {
          mark: { type: 'line', strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: 'days', type: 'quantitative' },
            color: { ...tables, scale: categories(shown, HORIZON_COLOURS) },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 35 },
          encoding: {
            x,
            y: { field: 'days', type: 'quantitative', title: label(chart, 'days') },
            color: { ...tables, scale: categories(shown, HORIZON_COLOURS) },
            shape: { ...tables, scale: categories(shown, HORIZON_SHAPES) },
          },
        },
      ],
    };
  },
  quality: (chart, size) => ({
    height: 200,
    mark: { type: 'bar' },
    encoding: {
      x: perRun(chart, size, 'run started'),
      // a run of nights with no finding still gets a readable axis (0 to 1, whole numbers)
      y: {
        field: 'count',
        type: 'quantitative',
        title: label(chart, 'count'),
        stack: 'zero',
        scale: { domain: { unionWith: [0, 1] } },
        axis: { format: 'd', tickMinStep: 1 },
      },
      color: {
        field: 'severity',
        type: 'nominal',
        legend: legend(null),
        scale: categories(FINDING_SEVERITIES, SEVERITY_COLOURS),
      },
      tooltip: [{ field: 'run' }, { field: 'severity' }, { field: 'count' }],
    },
  }),
};
