import { HORIZONS, type Horizon } from '../horizon.js';
import type { RunRecord } from '../night/run.js';

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

type Json = Readonly<Record<string, unknown>>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function record(value: unknown): Json | undefined {
  return isJson(value) ? value : undefined;
}
function field(value: unknown, ...path: readonly string[]): unknown {
  let at: unknown = value;
  for (const key of path) at = record(at)?.[key];
  return at;
}
function numberAt(value: unknown, ...path: readonly string[]): number | null {
  const found = field(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : null;
}
function stringAt(value: unknown, ...path: readonly string[]): string | null {
  const found = field(value, ...path);
  return typeof found === 'string' ? found : null;
}

/** The details of a stage that did its job (in full or in part), or undefined. */
function stageDetails(run: RunRecord, name: string): Json | undefined {
  const stage = run.stages.find((s) => s.name === name);
  if (stage === undefined || (stage.status !== 'succeeded' && stage.status !== 'partial')) return undefined;
  return stage.details ?? undefined;
}

function errorPair(horizon: unknown, kind: 'walk_forward' | 'matured'): ErrorPair | null {
  const model = field(horizon, kind, 'champion');
  if (record(model) === undefined) return null;
  const mape = numberAt(model, 'mape');
  const count = numberAt(model, kind === 'walk_forward' ? 'folds' : 'count') ?? 0;
  if (mape === null && count === 0) return null;
  return { mape, naiveMape: numberAt(horizon, kind, 'naive', 'mape'), count };
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
    const predicted = record(stageDetails(run, 'predict')?.['horizons']);
    if (predicted === undefined) continue;
    const evaluated = record(stageDetails(run, 'evaluate')?.['horizons']);
    for (const horizon of HORIZONS) {
      if (found.has(horizon)) continue;
      const forecast = record(predicted[horizon]);
      const asOfDate = stringAt(forecast, 'as_of_date');
      if (forecast === undefined || asOfDate === null) continue;
      const evaluation = evaluated?.[horizon];
      const walkForward = errorPair(evaluation, 'walk_forward');
      const stated = field(forecast, 'published', 'has_skill');
      found.set(horizon, {
        horizon,
        runId: run.run_id,
        asOfDate,
        targetDate: stringAt(forecast, 'target_date'),
        currentPrice: numberAt(forecast, 'current_price'),
        predictedPrice: numberAt(forecast, 'champion', 'predicted_price'),
        predictedReturn: numberAt(forecast, 'champion', 'predicted_return'),
        model: stringAt(forecast, 'champion', 'model'),
        version: stringAt(forecast, 'champion', 'version'),
        walkForward,
        matured: errorPair(evaluation, 'matured'),
        skill: judgeSkill(walkForward, typeof stated === 'boolean' ? stated : undefined),
      });
    }
  }
  return HORIZONS.flatMap((h) => found.get(h) ?? []);
}
