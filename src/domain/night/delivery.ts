import type { Frequency, Horizon } from '../horizon.js';

/**
 * What a horizon delivered tonight: a forecast from a model with skill, the naive forecast, a
 * forecast from data older than the limit (published flagged stale), or nothing (with the reason).
 */
export type Delivered = 'skilled' | 'naive' | 'stale' | 'not_published';

export interface HorizonDelivery {
  readonly horizon: Horizon;
  readonly delivered: Delivered;
  /** The published forecast's model (`lightgbm 20261128_235900`, `naive`), or null. */
  readonly model: string | null;
  /** Why nothing current was published; null for a current forecast. */
  readonly reason: string | null;
  /** YYYY-MM-DD: the row forecast from, or null when none was chosen. */
  readonly as_of_date: string | null;
  readonly frequency: Frequency | null;
  /** The age of `as_of_date` on the day the night was judged (see DeliveryPolicy.maxDataAge). */
  readonly data_age_periods: number | null;
  readonly data_age_days: number | null;
  /** The libraries that trained a new model for this horizon tonight. */
  readonly trained: readonly string[];
}

/** The night's delivery, judged once at its end and kept in the run record (`delivery`). */
export interface NightDelivery {
  /** Whether the night delivered what the config expects; a night that did not is `degraded`. */
  readonly met: boolean;
  /** Horizons published from current data (skilled or naive). */
  readonly current: number;
  /** Current forecasts the config expects tonight. */
  readonly expected: number;
  /** YYYY-MM-DD (UTC): the day the data's age was counted on. */
  readonly judged_on: string;
  /** One line for people: what was published, what was not and why, how old the data is. */
  readonly summary: string;
  readonly horizons: readonly HorizonDelivery[];
}
