import type { JobCost } from './job-timeout.js';
import { backtest, type BacktestResult } from './backtest.js';
import { absolutePercentageError, meanAbsolutePercentageError } from './forecast-error.js';
import type { Frequency, Horizon } from '../horizon.js';
import type { BoosterParams, ModelLibrary, TrainedModel } from './model.js';
import { hasSkill, skillVerdict, type SkillTest } from './skill-gate.js';

/** One walk-forward fold of one model, as kept in metadata.json. Prices in the target's units. */
export interface FoldRecord {
  /** The cut (and test row) date: the forecast is made with what was known then. */
  readonly cut_date: string;
  /** The date the forecast is for (cut + h periods). */
  readonly target_date: string;
  /** Period index of the test row in the training table (for the non-overlapping backtest). */
  readonly period: number;
  /** Rows the fold's model was trained on (all with a target dated on or before the cut). */
  readonly train_rows: number;
  readonly current_price: number;
  readonly actual_price: number;
  readonly predicted_price: number;
  readonly predicted_return: number;
  /** Absolute percentage error of the model, percent; null when unscorable. */
  readonly ape: number | null;
  /** Same for the naive forecast (no change from the current price). */
  readonly naive_ape: number | null;
  /** The walk-forward fold (its model) that made this forecast; absent in metadata written before folds had several rows. */
  readonly fold?: number | undefined;
}

/** A backtest as written to JSON (undefined becomes null). */
export interface BacktestSummary {
  readonly trades: number;
  readonly positions: number;
  readonly sharpe: number | null;
  readonly hit_rate: number | null;
  readonly max_drawdown: number;
  readonly total_return: number;
}

/** Walk-forward metrics of one model next to the naive forecast on the same folds. */
export interface WalkForwardMetrics {
  readonly folds: number;
  /** Percent; null when no fold could be scored. */
  readonly mape: number | null;
  readonly naive_mape: number | null;
  readonly backtest: BacktestSummary;
  readonly naive_backtest: BacktestSummary;
}

/** `metadata.json` of one model version: enough to reproduce, audit and load it (also from Python). */
export interface ModelMetadata {
  readonly schema_version: 1;
  /** The `<model>` path segment: the library name. */
  readonly model_name: string;
  readonly library: ModelLibrary;
  readonly library_version: string;
  readonly format: TrainedModel['format'];
  /** File name next to metadata.json: model.txt (LightGBM), model.json / model.ubj (XGBoost). */
  readonly model_file: string;
  readonly horizon: Horizon;
  readonly surface: string;
  readonly version: string;
  readonly frequency: Frequency;
  readonly horizon_periods: number;
  readonly params: BoosterParams;
  readonly rounds: number;
  readonly seed: number;
  /** The feature columns in the order the model expects them. */
  readonly feature_names: readonly string[];
  /** Each text (categorical) feature's categories: the model sees a value's index in this list. */
  readonly categories?: Readonly<Record<string, readonly string[]>> | undefined;
  /** What the model predicts: the simple return target / current - 1. */
  readonly label: 'return';
  readonly target_column: string;
  readonly price_column: string;
  /** `return` when the table's target is a return (it was turned into a price to score it). */
  readonly target_kind?: 'price' | 'return' | undefined;
  /** sha256 of the model file as saved: a file that no longer matches is corrupt. */
  readonly model_sha256?: string | undefined;
  /**
   * The skill gate's verdict when it was trained: its walk-forward errors against the naive
   * forecast's, and (since issue 20) the test behind it; a verdict without `test` is from before.
   */
  readonly skill?:
    | {
        readonly has_skill: boolean;
        readonly margin: number;
        readonly verdict: string;
        readonly test?: SkillTest | undefined;
      }
    | undefined;
  /** Content hash of the export manifest of that night, when there was one. */
  readonly export_hash: string | null;
  /** sha256 of exactly what training saw (dates, prices, features, labels). */
  readonly data_hash: string;
  /** sha256 of the training settings (library version, params, rounds, seed, folds). */
  readonly config_hash: string;
  /** Rows the final model was trained on, and their date range. */
  readonly train_rows: number;
  readonly first_date: string;
  readonly last_date: string;
  readonly folds: readonly FoldRecord[];
  readonly metrics: WalkForwardMetrics;
  readonly run_id: string;
  /** ISO 8601. */
  readonly started_at: string;
  readonly finished_at: string;
  readonly duration_seconds: number;
  /** What each job's training cost (reused jobs: when they were trained); later nights' job timeouts follow it. */
  readonly job_costs?: readonly JobCost[];
}

/** `champion.json` of a horizon and surface. */
export interface ChampionRecord {
  readonly schema_version: 1;
  readonly horizon: Horizon;
  readonly surface: string;
  readonly model_name: string;
  readonly library: ModelLibrary;
  readonly version: string;
  /** Key of the version folder, relative to the home. */
  readonly model_dir: string;
  readonly mape: number | null;
  readonly promoted_at: string;
  readonly run_id: string;
  readonly reason: string;
}

/** The file name a model of this format is saved under. */
export function modelFileName(format: TrainedModel['format']): string {
  switch (format) {
    case 'lightgbm-text':
      return 'model.txt';
    case 'xgboost-json':
      return 'model.json';
    case 'xgboost-ubj':
      return 'model.ubj';
  }
}

/** What a fold produced, before scoring. */
export interface FoldForecast {
  readonly cutDate: string;
  readonly targetDate: string;
  readonly period: number;
  readonly trainRows: number;
  readonly currentPrice: number;
  readonly actualPrice: number;
  readonly predictedReturn: number;
  /** The fold whose model made the forecast. */
  readonly fold?: number;
}

/** Scores one fold: price from the predicted return, and both absolute percentage errors. */
export function scoreFold(fold: FoldForecast): FoldRecord {
  const predictedPrice = fold.currentPrice * (1 + fold.predictedReturn);
  return {
    cut_date: fold.cutDate,
    target_date: fold.targetDate,
    period: fold.period,
    train_rows: fold.trainRows,
    current_price: fold.currentPrice,
    actual_price: fold.actualPrice,
    predicted_price: predictedPrice,
    predicted_return: fold.predictedReturn,
    ape: absolutePercentageError({ actual: fold.actualPrice, predicted: predictedPrice }) ?? null,
    naive_ape: absolutePercentageError({ actual: fold.actualPrice, predicted: fold.currentPrice }) ?? null,
    ...(fold.fold === undefined ? {} : { fold: fold.fold }),
  };
}

/** MAPE and backtest of a model's folds, next to the naive forecast's on the same folds. */
export function summarizeFolds(
  folds: readonly FoldRecord[],
  horizonPeriods: number,
  periodsPerYear: number,
): WalkForwardMetrics {
  const actualReturn = (f: FoldRecord): number => f.actual_price / f.current_price - 1;
  const model = folds.map((f) => ({
    period: f.period,
    predictedReturn: f.predicted_return,
    actualReturn: actualReturn(f),
  }));
  const naive = folds.map((f) => ({ period: f.period, predictedReturn: 0, actualReturn: actualReturn(f) }));
  return {
    folds: folds.length,
    mape:
      meanAbsolutePercentageError(
        folds.map((f) => ({ actual: f.actual_price, predicted: f.predicted_price })),
      ) ?? null,
    naive_mape:
      meanAbsolutePercentageError(
        folds.map((f) => ({ actual: f.actual_price, predicted: f.current_price })),
      ) ?? null,
    backtest: toSummary(backtest(model, horizonPeriods, periodsPerYear)),
    naive_backtest: toSummary(backtest(naive, horizonPeriods, periodsPerYear)),
  };
}

export function toSummary(result: BacktestResult): BacktestSummary {
  return {
    trades: result.trades,
    positions: result.positions,
    sharpe: result.sharpe ?? null,
    hit_rate: result.hitRate ?? null,
    max_drawdown: result.maxDrawdown,
    total_return: result.totalReturn,
  };
}

/**
 * Whether a saved model has skill: the verdict recorded when it was trained (the test since
 * issue 20); metadata written before the gate had a verdict is judged by its MAPEs and `margin`.
 */
export function modelHasSkill(metadata: ModelMetadata, margin: number): boolean {
  return metadata.skill?.has_skill ?? hasSkill(metadata.metrics, margin);
}

/** The recorded verdict line, or the MAPE comparison for metadata without one. */
export function modelSkillVerdict(metadata: ModelMetadata, margin: number): string {
  return metadata.skill?.verdict ?? skillVerdict(metadata.model_name, metadata.metrics, margin);
}
