import { HORIZONS, type Horizon } from '../../domain/horizon.js';
import { MODEL_LIBRARIES } from '../../domain/model/model.js';
import { STAGE_KINDS, type StageKind } from '../../domain/night/pipeline-plan.js';
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

const SERIES = ['actual', 'walk-forward', 'forecast'] as const;
const MODELS = [...MODEL_LIBRARIES, 'naive'] as const;
type Model = (typeof MODELS)[number];
const MODEL_COLOURS: Readonly<Record<Model, string>> = {
  lightgbm: OKABE_ITO.blue,
  xgboost: OKABE_ITO.orange,
  naive: OKABE_ITO.black,
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
const SEVERITIES = ['warning', 'blocking'] as const;
const INCIDENT = ['none', 'open'] as const;

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
            scale: categories(SERIES, {
              actual: OKABE_ITO.black,
              'walk-forward': OKABE_ITO.blue,
              forecast: OKABE_ITO.vermillion,
            }),
          },
          shape: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: categories(SERIES, {
              actual: 'circle',
              'walk-forward': 'square',
              forecast: 'triangle-up',
            }),
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
            scale: categories(MODELS, MODEL_COLOURS),
            legend: null,
          },
          strokeDash: {
            field: 'model',
            type: 'nominal',
            scale: categories(MODELS, { lightgbm: [1, 0], xgboost: [6, 3], naive: [2, 2] }),
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
            scale: categories(MODELS, MODEL_COLOURS),
          },
          shape: {
            field: 'model',
            type: 'nominal',
            title: null,
            scale: categories(MODELS, { lightgbm: 'circle', xgboost: 'diamond', naive: 'square' }),
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
        scale: categories(STATES, {
          success: OKABE_ITO.green,
          partial: OKABE_ITO.orange,
          degraded: OKABE_ITO.yellow,
          failed: OKABE_ITO.vermillion,
          interrupted: OKABE_ITO.purple,
        }),
      },
      shape: {
        field: 'state',
        type: 'nominal',
        title: null,
        scale: categories(STATES, {
          success: 'circle',
          partial: 'diamond',
          degraded: 'triangle-down',
          failed: 'cross',
          interrupted: 'square',
        }),
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
        scale: categories(STAGE_KINDS, STAGE_COLOURS),
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
        scale: categories(INCIDENT, { none: OKABE_ITO.blue, open: OKABE_ITO.vermillion }),
      },
      shape: {
        field: 'incident',
        type: 'nominal',
        title: 'incident',
        scale: categories(INCIDENT, { none: 'circle', open: 'cross' }),
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
            scale: categories(HORIZONS, HORIZON_COLOURS),
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
            scale: categories(HORIZONS, HORIZON_COLOURS),
          },
          shape: {
            field: 'horizon',
            type: 'nominal',
            title: 'table',
            scale: categories(HORIZONS, HORIZON_SHAPES),
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
        scale: categories(SEVERITIES, { warning: OKABE_ITO.orange, blocking: OKABE_ITO.vermillion }),
      },
    },
  },
};
