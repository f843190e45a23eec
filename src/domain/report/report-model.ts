import type { HorizonForecast } from '../model/horizon-forecast.js';
import type { Horizon } from '../horizon.js';
import type { NightDelivery } from '../night/delivery.js';
import type { RunRecord } from '../night/run.js';

/** What a chart shows; the renderer draws each kind its own way from the points' fields. */
export type ChartKind =
  | 'forecast' // { date, price, series: actual | forecast | walk-forward }
  | 'walk-forward' // { night, model, mape }
  | 'run-strip' // { night, state }
  | 'stage-durations' // { night, stage, minutes }
  | 'watchdog' // { at, state, incident }
  | 'freshness' // { night, horizon, days }
  | 'quality'; // { night, severity, count }

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
  /** The columns of the data table beside the chart (its other text alternative). */
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

/** Everything the report is made from, read by the caller. */
export interface ReportFacts {
  readonly now: Date;
  /** Run history, newest first. */
  readonly runs: readonly RunRecord[];
  readonly champions: readonly ChampionFolds[];
  readonly watchdog: readonly WatchdogCheck[];
  /** When the open incident was opened, or null. */
  readonly incidentSince: string | null;
}

/** The report: the summary a person reads first, then the charts. */
export interface ReportModel {
  readonly generatedAt: string;
  readonly forecasts: readonly HorizonForecast[];
  readonly lastRun: RunRecord | null;
  /**
   * What the last ended night delivered (its record's `delivery`): the headline's verdict,
   * per horizon published from a model with skill, naive, stale or not at all and why, and the
   * data's age counted from the clock; null for records older than the judgement.
   */
  readonly delivery: NightDelivery | null;
  /** Hours from the last run's start to when the report was made, or null. */
  readonly lastRunAgeHours: number | null;
  readonly incidentSince: string | null;
  /** Nights in the run-history charts, and how many of them failed. */
  readonly nights: number;
  readonly failedNights: number;
  readonly charts: readonly ReportChart[];
}
