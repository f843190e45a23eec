import { HORIZONS, type Horizon } from '../horizon.js';
import { stageDetails, type RunRecord } from '../night/run.js';
import { isPublished, type HorizonEvaluation, type HorizonPrediction } from '../night/stage-details.js';

/** Whether a horizon's forecasts can be trusted more than the naive one (no change). */
export type Skill = 'skill' | 'no_skill' | 'unknown';

/** Error of the champion next to the naive forecast's on the same rows, percent. */
export interface ErrorPair {
  readonly mape: number | null;
  readonly naiveMape: number | null;
  /** Folds (walk-forward) or forecasts (matured) scored. */
  readonly count: number;
}

/** The Diebold-Mariano test behind a horizon's skill verdict (its champion against naive). */
export interface SkillTestSummary {
  /** HLN-corrected statistic, positive when the champion's errors are smaller; null when it could not be computed. */
  readonly statistic: number | null;
  /** One-sided p-value; null with the statistic. */
  readonly pValue: number | null;
  /** Walk-forward forecasts tested, and how many of them are independent (forecasts / h). */
  readonly forecasts: number;
  readonly independentForecasts: number;
  /** The champion's walk-forward MAPE over naive's: below training.skill.leakageRatio it is suspected leakage. */
  readonly errorRatio: number | null;
  readonly suspectedLeakage: boolean;
}

/**
 * The test's two figures as people read them, alike in status and the report: the statistic to
 * two decimals, the p-value to three (in scientific notation below 0.001, so a tiny one is never
 * shown as 0.000); `n/a` where the test could not be computed.
 */
export function skillTestFigures(test: SkillTestSummary): { readonly statistic: string; readonly p: string } {
  const p = test.pValue;
  return {
    statistic: test.statistic === null ? 'n/a' : test.statistic.toFixed(2),
    p: p === null ? 'n/a' : p < 0.001 ? p.toExponential(1) : p.toFixed(3),
  };
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
  /**
   * The test behind `skill` (the champion's; with naive published, the best model's, which it
   * did not pass); null for a night from before the test (or without an evaluation).
   */
  readonly skillTest: SkillTestSummary | null;
  /** The published forecast's prediction interval; null when it has none. */
  readonly interval: { readonly level: number; readonly low: number; readonly high: number } | null;
  /** The bands' real coverage on matured published forecasts at that level; null before any matured. */
  readonly intervalCoverage: { readonly matured: number; readonly covered: number } | null;
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

function intervalOf(
  forecast: HorizonPrediction,
  evaluation: HorizonEvaluation | undefined,
): Pick<HorizonForecast, 'interval' | 'intervalCoverage'> {
  const interval = forecast.champion?.interval ?? null;
  if (interval === null) return { interval: null, intervalCoverage: null };
  const same = evaluation?.matured.intervals?.find((b) => b.level === interval.level);
  return {
    interval: { level: interval.level, low: interval.low, high: interval.high },
    intervalCoverage:
      same === undefined || same.matured === 0 ? null : { matured: same.matured, covered: same.covered },
  };
}

/**
 * The champion's test; without a champion (the naive forecast published), the test of the
 * newest model with the lowest walk-forward MAPE: why it was not published.
 */
function skillTestOf(evaluation: HorizonEvaluation | undefined): SkillTestSummary | null {
  const scores = evaluation?.walk_forward ?? {};
  const champion =
    scores['champion'] ??
    Object.entries(scores)
      .filter(([name, score]) => name !== 'naive' && score.forecasts !== undefined)
      .map(([, score]) => score)
      .sort((a, b) => (a.mape ?? Number.POSITIVE_INFINITY) - (b.mape ?? Number.POSITIVE_INFINITY))[0];
  const forecasts = champion?.forecasts;
  const independent = champion?.independent_forecasts;
  if (champion === undefined || forecasts === undefined || independent === undefined) return null;
  return {
    statistic: champion.dm_statistic ?? null,
    pValue: champion.p_value ?? null,
    forecasts,
    independentForecasts: independent,
    errorRatio: champion.error_ratio ?? null,
    suspectedLeakage: champion.suspected_leakage === true,
  };
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
        skillTest: skillTestOf(evaluated?.[horizon]),
        ...intervalOf(forecast, evaluated?.[horizon]),
      });
    }
  }
  return HORIZONS.flatMap((h) => found.get(h) ?? []);
}
