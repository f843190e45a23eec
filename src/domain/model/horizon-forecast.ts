import type { Horizon } from '../horizon.js';

/** Whether a horizon's forecasts can be trusted more than the naive one (no change). */
export type Skill = 'skill' | 'no_skill' | 'unknown';

/** Error of the champion next to the naive forecast's on the same rows, percent. */
export interface ErrorPair {
  readonly mape: number | null;
  readonly naiveMape: number | null;
  /** Folds (walk-forward) or forecasts (matured) scored. */
  readonly count: number;
}

/** What a person wants to know of a horizon: its latest forecast and whether to trust it. */
export interface HorizonForecast {
  readonly horizon: Horizon;
  /** The run that made the forecast. */
  readonly runId: string;
  /** YYYY-MM-DD: the newest data row the forecast starts from. */
  readonly asOfDate: string;
  /** YYYY-MM-DD: the date it is a forecast for. */
  readonly targetDate: string | null;
  readonly currentPrice: number | null;
  readonly predictedPrice: number | null;
  readonly predictedReturn: number | null;
  /** The champion that made it (`lightgbm 20261128_235900`). */
  readonly model: string | null;
  readonly version: string | null;
  /** Walk-forward MAPE of the champion and of naive on the same folds. */
  readonly walkForward: ErrorPair | null;
  /** MAPE of earlier forecasts whose target date has a real value now. */
  readonly matured: ErrorPair | null;
  readonly skill: Skill;
}

/**
 * Skill as DESIGN defines it: the champion beats the naive forecast on walk-forward error.
 * A stage that states skill itself (`published_with_skill`) is believed; unknown without
 * both errors.
 */
export function judgeSkill(walkForward: ErrorPair | null, stated?: boolean): Skill {
  if (stated !== undefined) return stated ? 'skill' : 'no_skill';
  if (walkForward === null || walkForward.mape === null || walkForward.naiveMape === null) return 'unknown';
  return walkForward.mape < walkForward.naiveMape ? 'skill' : 'no_skill';
}
