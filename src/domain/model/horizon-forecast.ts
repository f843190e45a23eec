import { HORIZONS, type Horizon } from '../horizon.js';
import { at, finiteAt, objectAt, stringAt } from '../json-path.js';
import { stageDetails, type RunRecord } from '../night/run.js';

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
  /** The test behind `skill`; null for a night from before the test (or without an evaluation). */
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

function numberAt(value: unknown, ...path: readonly string[]): number | null {
  return finiteAt(value, ...path) ?? null;
}
function textAt(value: unknown, ...path: readonly string[]): string | null {
  return stringAt(value, ...path) ?? null;
}

function errorPair(horizon: unknown, kind: 'walk_forward' | 'matured'): ErrorPair | null {
  const model = objectAt(horizon, kind, 'champion');
  if (model === undefined) return null;
  const mape = numberAt(model, 'mape');
  const count = numberAt(model, kind === 'walk_forward' ? 'folds' : 'count') ?? 0;
  if (mape === null && count === 0) return null;
  return { mape, naiveMape: numberAt(horizon, kind, 'naive', 'mape'), count };
}

function intervalOf(
  forecast: unknown,
  evaluation: unknown,
): Pick<HorizonForecast, 'interval' | 'intervalCoverage'> {
  const level = numberAt(forecast, 'champion', 'interval', 'level');
  const low = numberAt(forecast, 'champion', 'interval', 'low');
  const high = numberAt(forecast, 'champion', 'interval', 'high');
  if (level === null || low === null || high === null) return { interval: null, intervalCoverage: null };
  const bands = at(evaluation, 'matured', 'intervals');
  const same: unknown = Array.isArray(bands)
    ? bands.find((b: unknown) => numberAt(b, 'level') === level)
    : undefined;
  const matured = numberAt(same, 'matured');
  const covered = numberAt(same, 'covered');
  return {
    interval: { level, low, high },
    intervalCoverage: matured === null || covered === null || matured === 0 ? null : { matured, covered },
  };
}

function skillTestOf(horizon: unknown): SkillTestSummary | null {
  const champion = objectAt(horizon, 'walk_forward', 'champion');
  const forecasts = numberAt(champion, 'forecasts');
  const independent = numberAt(champion, 'independent_forecasts');
  if (forecasts === null || independent === null) return null;
  return {
    statistic: numberAt(champion, 'dm_statistic'),
    pValue: numberAt(champion, 'p_value'),
    forecasts,
    independentForecasts: independent,
    errorRatio: numberAt(champion, 'error_ratio'),
    suspectedLeakage: at(champion, 'suspected_leakage') === true,
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
    const predicted = objectAt(stageDetails(run, 'predict'), 'horizons');
    if (predicted === undefined) continue;
    const evaluated = objectAt(stageDetails(run, 'evaluate'), 'horizons');
    for (const horizon of HORIZONS) {
      if (found.has(horizon)) continue;
      const forecast = objectAt(predicted, horizon);
      const asOfDate = textAt(forecast, 'as_of_date');
      if (forecast === undefined || asOfDate === null) continue;
      const evaluation = evaluated?.[horizon];
      const walkForward = errorPair(evaluation, 'walk_forward');
      const stated = at(forecast, 'published', 'has_skill');
      found.set(horizon, {
        horizon,
        runId: run.run_id,
        asOfDate,
        targetDate: textAt(forecast, 'target_date'),
        currentPrice: numberAt(forecast, 'current_price'),
        predictedPrice: numberAt(forecast, 'champion', 'predicted_price'),
        predictedReturn: numberAt(forecast, 'champion', 'predicted_return'),
        model: textAt(forecast, 'champion', 'model'),
        version: textAt(forecast, 'champion', 'version'),
        walkForward,
        matured: errorPair(evaluation, 'matured'),
        skill: judgeSkill(walkForward, typeof stated === 'boolean' ? stated : undefined),
        skillTest: skillTestOf(evaluation),
        ...intervalOf(forecast, evaluation),
      });
    }
  }
  return HORIZONS.flatMap((h) => found.get(h) ?? []);
}
