import { HORIZONS, type Horizon } from '../horizon.js';
import { stageDetails, type RunRecord } from '../night/run.js';
import { isPublished, type HorizonEvaluation } from '../night/stage-details.js';

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
 * A predict stage that states the published forecast's skill (`published.has_skill`, false for
 * the naive forecast) is believed; unknown without
 * both errors.
 */
export function judgeSkill(walkForward: ErrorPair | null, stated?: boolean): Skill {
  if (stated !== undefined) return stated ? 'skill' : 'no_skill';
  if (walkForward === null || walkForward.mape === null || walkForward.naiveMape === null) return 'unknown';
  return walkForward.mape < walkForward.naiveMape ? 'skill' : 'no_skill';
}

function errorPair(
  evaluation: HorizonEvaluation | undefined,
  kind: 'walk_forward' | 'matured',
): ErrorPair | null {
  if (evaluation === undefined) return null;
  const champion =
    kind === 'walk_forward' ? evaluation.walk_forward['champion'] : evaluation.matured.champion;
  if (champion === undefined) return null;
  const mape = champion.mape;
  const count = ('folds' in champion ? champion.folds : champion.count) ?? 0;
  if (mape === null && count === 0) return null;
  const naive = kind === 'walk_forward' ? evaluation.walk_forward['naive'] : evaluation.matured.naive;
  return { mape, naiveMape: naive?.mape ?? null, count };
}

/**
 * Per horizon, the newest forecast recorded in `runs` (newest first) and the evaluation of the
 * same night: value, dates, champion, walk-forward and matured error next to naive, and skill.
 * Reads the predict and evaluate stages' details; anything else in them is ignored, and a
 * night without a forecast is passed over.
 */
export function forecastsOf(runs: readonly RunRecord[]): HorizonForecast[] {
  const found = new Map<Horizon, HorizonForecast>();
  for (const run of runs) {
    const predicted = stageDetails(run, 'predict')?.horizons;
    if (predicted === undefined) continue;
    const evaluated = stageDetails(run, 'evaluate')?.horizons;
    for (const horizon of HORIZONS) {
      const forecast = predicted[horizon];
      if (found.has(horizon) || !isPublished(forecast)) continue;
      const walkForward = errorPair(evaluated?.[horizon], 'walk_forward');
      found.set(horizon, {
        horizon,
        runId: run.run_id,
        asOfDate: forecast.as_of_date,
        targetDate: forecast.target_date,
        currentPrice: forecast.current_price,
        predictedPrice: forecast.champion?.predicted_price ?? null,
        predictedReturn: forecast.champion?.predicted_return ?? null,
        model: forecast.champion?.model ?? null,
        version: forecast.champion?.version ?? null,
        walkForward,
        matured: errorPair(evaluated?.[horizon], 'matured'),
        skill: judgeSkill(walkForward, forecast.published.has_skill),
      });
    }
  }
  return HORIZONS.flatMap((h) => found.get(h) ?? []);
}
