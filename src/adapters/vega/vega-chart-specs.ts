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

type Spec = Readonly<Record<string, unknown>>;

/** Drawn twice: wide for laptops, narrow for phones (an SVG shrunk to a phone makes its text unreadable). */
export type ChartSize = 'wide' | 'narrow';
const WIDTH: Readonly<Record<ChartSize, number>> = { wide: 640, narrow: 330 };

/** A scale whose categories always get the same colour and shape, whichever appear. */
function categories(domain: readonly string[], range: readonly (string | readonly number[])[]): Spec {
  return { domain: [...domain], range: [...range] };
}

const SERIES = ['actual', 'walk-forward', 'forecast'];
const MODELS = ['lightgbm', 'xgboost', 'naive'];
const STATES = ['success', 'partial', 'failed', 'interrupted'];
const STAGES = ['export', 'quality', 'train', 'predict', 'upload', 'evaluate'];
const WATCHDOG_STATES = [
  'healthy',
  'running',
  'missed',
  'failed',
  'stale',
  'corrupt',
  'never_run',
  'persistent_failure',
  'busy',
];
const SEVERITIES = ['warning', 'blocking'];

// padding: a point at the edge of the time range (the newest forecast) is drawn whole
const time = (field: string, title: string): Spec => ({
  field,
  type: 'temporal',
  title,
  scale: { type: 'utc', padding: 10 },
  axis: { format: '%b %d', labelOverlap: true },
});

// one band per night, whatever the number of nights (a lone night is not one wide bar)
const nightBand = (field: string, title: string): Spec => ({
  field,
  type: 'ordinal',
  timeUnit: 'utcyearmonthdate',
  title,
  axis: { format: '%b %d', labelOverlap: true, labelAngle: 0 },
});

/** The Vega-Lite spec of one chart: every point of its data is one mark (a symbol or a bar). */
export function chartSpec(chart: ReportChart, size: ChartSize): Spec {
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: WIDTH[size],
    data: { values: chart.points.map((p) => ({ ...p })) },
    config: {
      font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
      axis: { labelFontSize: 12, titleFontSize: 12, tickCount: size === 'wide' ? 8 : 4 },
      legend: { labelFontSize: 12, titleFontSize: 12, orient: 'bottom', columns: size === 'wide' ? 6 : 3 },
      view: { stroke: null },
    },
  };
  const body = BODY[chart.kind];
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

const BODY: Readonly<Record<ChartKind, Spec>> = {
  forecast: {
    height: 260,
    layer: [
      {
        transform: [{ filter: "datum.series === 'actual'" }],
        mark: { type: 'line', color: OKABE_ITO.black, strokeWidth: 1.5 },
        encoding: { x: time('date', 'date'), y: { field: 'price', type: 'quantitative' } },
      },
      {
        mark: { type: 'point', filled: true, size: 45, opacity: 0.9 },
        encoding: {
          x: time('date', 'date'),
          y: { field: 'price', type: 'quantitative', title: 'price (USD/t)', scale: { zero: false } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: categories(SERIES, [OKABE_ITO.black, OKABE_ITO.blue, OKABE_ITO.vermillion]),
          },
          shape: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: categories(SERIES, ['circle', 'square', 'triangle-up']),
          },
          tooltip: [
            { field: 'series' },
            { field: 'from', title: 'made from' },
            { field: 'date' },
            { field: 'price' },
          ],
        },
      },
    ],
  },
  'walk-forward': {
    height: 220,
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: time('night', 'night'),
          y: { field: 'mape', type: 'quantitative' },
          color: {
            field: 'model',
            type: 'nominal',
            scale: categories(MODELS, [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.black]),
            legend: null,
          },
          strokeDash: {
            field: 'model',
            type: 'nominal',
            scale: categories(MODELS, [
              [1, 0],
              [6, 3],
              [2, 2],
            ]),
            legend: null,
          },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x: time('night', 'night'),
          y: { field: 'mape', type: 'quantitative', title: 'walk-forward MAPE (%)', scale: { zero: false } },
          color: {
            field: 'model',
            type: 'nominal',
            title: null,
            scale: categories(MODELS, [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.black]),
          },
          shape: {
            field: 'model',
            type: 'nominal',
            title: null,
            scale: categories(MODELS, ['circle', 'diamond', 'square']),
          },
        },
      },
    ],
  },
  'run-strip': {
    height: 70,
    mark: { type: 'point', filled: true, size: 110, opacity: 1 },
    encoding: {
      x: time('night', 'started'),
      color: {
        field: 'state',
        type: 'nominal',
        title: null,
        scale: categories(STATES, [
          OKABE_ITO.green,
          OKABE_ITO.orange,
          OKABE_ITO.vermillion,
          OKABE_ITO.purple,
        ]),
      },
      shape: {
        field: 'state',
        type: 'nominal',
        title: null,
        scale: categories(STATES, ['circle', 'diamond', 'cross', 'square']),
      },
    },
  },
  'stage-durations': {
    height: 220,
    mark: { type: 'bar' },
    encoding: {
      x: nightBand('night', 'night'),
      y: { field: 'minutes', type: 'quantitative', title: 'minutes', stack: 'zero' },
      color: {
        field: 'stage',
        type: 'nominal',
        title: null,
        scale: categories(STAGES, [
          OKABE_ITO.sky,
          OKABE_ITO.yellow,
          OKABE_ITO.blue,
          OKABE_ITO.orange,
          OKABE_ITO.green,
          OKABE_ITO.purple,
        ]),
      },
    },
  },
  watchdog: {
    height: 200,
    mark: { type: 'point', filled: true, size: 50 },
    encoding: {
      x: time('at', 'checked'),
      y: { field: 'state', type: 'nominal', title: null, sort: WATCHDOG_STATES },
      color: {
        field: 'incident',
        type: 'nominal',
        title: 'incident',
        scale: categories(['none', 'open'], [OKABE_ITO.blue, OKABE_ITO.vermillion]),
      },
      shape: {
        field: 'incident',
        type: 'nominal',
        title: 'incident',
        scale: categories(['none', 'open'], ['circle', 'cross']),
      },
    },
  },
  freshness: {
    height: 200,
    layer: [
      {
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: time('night', 'night'),
          y: { field: 'days', type: 'quantitative' },
          color: {
            field: 'horizon',
            type: 'nominal',
            legend: null,
            scale: categories(
              ['1w', '1m', '3m', '6m', '12m'],
              [OKABE_ITO.purple, OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.black],
            ),
          },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 35 },
        encoding: {
          x: time('night', 'night'),
          y: { field: 'days', type: 'quantitative', title: 'days since the newest row' },
          color: {
            field: 'horizon',
            type: 'nominal',
            title: 'table',
            scale: categories(
              ['1w', '1m', '3m', '6m', '12m'],
              [OKABE_ITO.purple, OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.black],
            ),
          },
          shape: {
            field: 'horizon',
            type: 'nominal',
            title: 'table',
            scale: categories(
              ['1w', '1m', '3m', '6m', '12m'],
              ['triangle-up', 'circle', 'diamond', 'square', 'cross'],
            ),
          },
        },
      },
    ],
  },
  quality: {
    height: 200,
    mark: { type: 'bar' },
    encoding: {
      x: nightBand('night', 'night'),
      // a run of nights with no finding still gets a readable axis (0 to 1, whole numbers)
      y: {
        field: 'count',
        type: 'quantitative',
        title: 'findings',
        stack: 'zero',
        scale: { domain: { unionWith: [0, 1] } },
        axis: { format: 'd', tickMinStep: 1 },
      },
      color: {
        field: 'severity',
        type: 'nominal',
        title: null,
        scale: categories(SEVERITIES, [OKABE_ITO.orange, OKABE_ITO.vermillion]),
      },
    },
  },
};
