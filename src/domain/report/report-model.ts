import type { HorizonForecast } from '../model/horizon-forecast.js';
import type { Horizon } from '../horizon.js';
import type { NightDelivery } from '../night/delivery.js';
import type { RunRecord } from '../night/run.js';

/** What a chart shows; the renderer draws each kind its own way from the points' fields. */
export type ChartKind =
  | 'forecast' // { date, price, series: actual | forecast | walk-forward }
  | 'walk-forward' // { night, model, mape }
  | 'run-strip' // { night, state }
  | 'stage-durations' // { night, run, stage, minutes }: one bar per run
  | 'watchdog' // { at, state, incident }
  | 'freshness' // { night, horizon, days }
  | 'quality'; // { night, run, severity, count }: one bar per run

/** One value of a chart's data: a date (YYYY-MM-DD or ISO time), a category or a number. */
export type ChartValue = string | number;

/** One chart of the report: its data, one point per mark drawn, and words for people. */
export interface ReportChart {
  readonly id: string;
  readonly kind: ChartKind;
  readonly horizon: Horizon | null;
  readonly title: string;
  /** The chart's text alternative: what it shows and what stands out. */
  readonly description: string;
  readonly points: readonly Readonly<Record<string, ChartValue>>[];
  /**
   * The columns of the data table beside the chart (its other text alternative). A label is
   * also the title of the axis that shows its column, units included (`price (US¢/lb)`).
   */
  readonly columns: readonly { readonly key: string; readonly label: string }[];
}

/** A watchdog check as its log line records it. */
export interface WatchdogCheck {
  readonly at: string;
  readonly state: string;
  readonly incidentOpen: boolean;
}

/** The walk-forward folds of a horizon's champion (metadata.json), prices in the target's units. */
export interface ChampionFolds {
  readonly horizon: Horizon;
  readonly model: string;
  readonly version: string;
  readonly folds: readonly {
    readonly cutDate: string;
    readonly targetDate: string;
    readonly currentPrice: number;
    readonly actualPrice: number;
    readonly predictedPrice: number;
  }[];
}

/** The real prices of a horizon's table up to its newest trusted row, as the last predict stage read them. */
export interface PriceHistory {
  readonly horizon: Horizon;
  /** YYYY-MM-DD, oldest first; one per price. */
  readonly dates: readonly string[];
  readonly prices: readonly number[];
}

/** Everything the report is made from, read by the caller. */
export interface ReportFacts {
  /** When the report is made: ages (of the data, of the last run) are counted from it. */
  readonly now: Date;
  /** Run history, newest first. */
  readonly runs: readonly RunRecord[];
  readonly champions: readonly ChampionFolds[];
  readonly prices: readonly PriceHistory[];
  readonly watchdog: readonly WatchdogCheck[];
  /** When the open incident was opened, or null. */
  readonly incidentSince: string | null;
  /** The unit of the target's prices (`US¢/lb`), or null when unknown: no unit is claimed then. */
  readonly priceUnit: string | null;
}

/** A horizon the last night did not forecast, in the predict stage's own words. */
export interface HorizonNotForecast {
  readonly horizon: Horizon;
  readonly reason: string;
}

/**
 * A broken file the last night found, set aside (kept for a look, never read again) and went on
 * without: the embedded warehouse (rebuilt from the source) or a horizon's champion model.
 */
export interface FileSetAside {
  /** What it was, in words: "the embedded warehouse", "the 1m champion model". */
  readonly what: string;
  /** Where it is now (absolute for the warehouse, relative to the home for a model). */
  readonly movedTo: string;
  /** Why, in the words of what refused it. */
  readonly why: string;
}

/** How old the data the last night read is, counted from when the report was made. */
export interface DataAge {
  readonly horizon: Horizon;
  /** YYYY-MM-DD: the newest row of the horizon's table. */
  readonly newestRow: string;
  /** Whole days from the newest row to the report. */
  readonly days: number;
  /** YYYY-MM-DD: the newest row the quality gate trusts (the forecast starts there), or null. */
  readonly newestTrusted: string | null;
}

/** A published forecast with what the first screen says of it. */
export interface ReportForecast extends HorizonForecast {
  /** Whether a model's forecast was published, or the naive one (no change). */
  readonly published: 'model' | 'naive';
  /** Why the naive forecast was published (the skill gate's words), or null. */
  readonly publishedBecause: string | null;
}

/** What needs a person's attention after the last night: facts, each with its evidence. */
export interface NightAttention {
  /**
   * The night's delivery verdict as the run record states it (`delivery`), null for records
   * written before nights were judged by what they delivered. The report never judges on its own.
   */
  readonly verdict: NightDelivery | null;
  /** Horizons of the last run with no forecast tonight, and why. */
  readonly notForecast: readonly HorizonNotForecast[];
  /** Broken files the last run set aside and went on without (the run record's and the stages'). */
  readonly setAside: readonly FileSetAside[];
  /** Per horizon the last run read, the age of its newest data row. */
  readonly dataAge: readonly DataAge[];
  /** When the open incident was opened, or null. */
  readonly incidentSince: string | null;
}

/** The report: what needs attention first, then the forecasts, then the charts. */
export interface ReportModel {
  readonly generatedAt: string;
  readonly attention: NightAttention;
  /** The last run's published forecasts, one per horizon that has one. */
  readonly forecasts: readonly ReportForecast[];
  readonly lastRun: RunRecord | null;
  /** Hours from the last run's start to when the report was made, or null. */
  readonly lastRunAgeHours: number | null;
  readonly incidentSince: string | null;
  readonly priceUnit: string | null;
  /** Runs in the run-history charts, and how many of them failed. */
  readonly nights: number;
  readonly failedNights: number;
  readonly charts: readonly ReportChart[];
}
