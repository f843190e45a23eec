import type { QualityRule } from '../data/quality-settings.js';
import type { QualityVerdict, RowRange, TargetReport } from '../data/quality-report.js';
import type { Frequency, Horizon } from '../horizon.js';
import type { BacktestSummary } from '../model/model-metadata.js';
import type { ModelLibrary } from '../model/model.js';
import type { IntervalCoverage } from '../model/prediction-interval.js';
import type { StageKind } from './pipeline-plan.js';

/**
 * What each kind of stage reports in its record's `details`: one type per stage kind, written by
 * the stage's body (the compiler holds the body to it) and read back through `stageDetails`
 * (src/domain/night/run.ts), parsed from disk by the status store. Keys are snake_case, as in the
 * rest of the run record; a key read by the seed's tools keeps the seed's name.
 */
export interface StageDetailsByKind {
  readonly export: ExportDetails;
  readonly quality: QualityDetails;
  readonly train: TrainDetails;
  readonly predict: PredictDetails;
  readonly upload: UploadDetails;
  readonly evaluate: EvaluateDetails;
}

/** The details of any stage kind. */
export type StageDetails = StageDetailsByKind[StageKind];

/** A horizon the stage left out, and why. */
export interface SkippedHorizon {
  readonly horizon: Horizon;
  readonly reason: string;
}

// ---- export ----------------------------------------------------------------------------------

/** The embedded warehouse's refresh: what was ingested from the series source. */
export interface WarehouseRefreshDetails {
  readonly source: string;
  readonly series: number;
  /** Series whose data changed since the last night. */
  readonly changed: readonly string[];
  readonly ingest: Readonly<
    Record<
      string,
      {
        readonly rows: number;
        readonly first_date: string | null;
        readonly last_date: string | null;
        readonly file_hash: string;
      }
    >
  >;
  readonly tables: readonly string[];
  readonly frequency: Frequency | null;
  /** Feature roles no configured series fills: their features are not built. */
  readonly unfilled_roles: readonly { readonly role: string; readonly series: string | null }[];
  /** Derived features refused for their inputs' units, one line each (docs/data.md, "Units"). */
  readonly refused_features: readonly string[];
}

/** The user's own tables, loaded as they are. */
export interface TablesRefreshDetails {
  readonly source: string;
  readonly files: Readonly<
    Partial<Record<Horizon, { readonly file: string; readonly bytes: number; readonly file_hash: string }>>
  >;
  readonly tables: readonly {
    readonly table: string;
    readonly frequency: Frequency;
    readonly date_column: string;
  }[];
}

/** One horizon's exported training table. */
export interface ExportedTable {
  readonly file: string;
  readonly rows: number;
  readonly columns: number;
  readonly first_date: string | null;
  readonly last_date: string | null;
  readonly content_hash: string;
  /** Columns changed since the last export. */
  readonly schema_changes?: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly retyped: readonly string[];
  };
}

export interface ExportDetails {
  /** Set when the stage refreshed the embedded warehouse or loaded the user's tables first. */
  readonly refresh?: WarehouseRefreshDetails | TablesRefreshDetails;
  readonly frequency: Frequency;
  readonly supported_horizons: readonly Horizon[];
  readonly skipped: readonly SkippedHorizon[];
  readonly exports: Readonly<Partial<Record<Horizon, ExportedTable>>>;
}

// ---- quality ---------------------------------------------------------------------------------

/** A finding as the run record keeps it: the rows it names, not every column it lists. */
export interface FindingSummary {
  readonly rule: QualityRule;
  readonly severity: 'blocking' | 'trim' | 'warning';
  readonly column: string | null;
  /** How many columns a table rule found (`column` is null then). */
  readonly columns?: number;
  /** At most 400 characters. */
  readonly message: string;
  readonly rows?: number;
  /** The first ranges of the rows found. */
  readonly row_ranges?: readonly RowRange[];
  readonly target_rows?: number;
}

/** A table's audit as the run record keeps it. */
export interface TableSummary {
  readonly table: string;
  readonly verdict: QualityVerdict;
  readonly rows: number;
  readonly first_date: string | null;
  readonly last_date: string | null;
  readonly trusted_rows: number;
  readonly trusted_targets: number;
  readonly last_trusted_date: string | null;
  readonly target: TargetReport | null;
  readonly dropped_features: number;
  readonly findings: readonly FindingSummary[];
}

export interface QualityDetails {
  /** Where the full report is, relative to the home. */
  readonly report: string;
  readonly passed: boolean;
  readonly verdicts: Readonly<Partial<Record<Horizon, QualityVerdict>>>;
  readonly tables: Readonly<Partial<Record<Horizon, TableSummary>>>;
  readonly skipped: readonly SkippedHorizon[];
}

// ---- train -----------------------------------------------------------------------------------

/**
 * The skill test behind a model's verdict (docs/models.md, "The skill gate"): absent for a
 * version trained before the test.
 */
export interface SkillTestFields {
  readonly skill_verdict?: string | null;
  /** Diebold-Mariano statistic (HLN-corrected), positive when the model's errors are smaller. */
  readonly dm_statistic?: number | null;
  /** Its one-sided p-value. */
  readonly p_value?: number | null;
  /** Walk-forward forecasts tested, and forecasts / h. */
  readonly forecasts?: number;
  readonly independent_forecasts?: number;
  /** MAPE / naive MAPE. */
  readonly error_ratio?: number | null;
  readonly suspected_leakage?: boolean;
  /** With suspected leakage: the feature most correlated with the move ahead. */
  readonly suspect_feature?: string;
}

/** A champion as the run record shows it. */
export interface ChampionSummary {
  readonly model: string;
  readonly version: string;
  readonly mape: number | null;
}

/** One training job of a library (its final model or a walk-forward fold), trained tonight or reused. */
export interface TrainJobSummary {
  /** `final`, or `fold <n>/<folds>`. */
  readonly job: string;
  /** The fold's cut; null for the final model. */
  readonly cut_date: string | null;
  readonly train_rows: number;
  /** `reused`: the same rows, features, parameters and library trained it before (the fold cache). */
  readonly status: 'trained' | 'reused';
  /** Tonight's seconds of training (0 when reused). */
  readonly seconds: number;
  /** What its training cost when it was trained (tonight or an earlier night); 0 unknown. */
  readonly trained_seconds: number;
  /** The limit its training had tonight (from earlier nights' costs; absent when reused). */
  readonly timeout_seconds?: number;
}

/** How one library's training of the horizon ended. */
export type TrainedModelSummary =
  | { readonly model: ModelLibrary; readonly status: 'failed'; readonly error: string }
  | (SkillTestFields & {
      readonly model: ModelLibrary;
      readonly status: 'trained' | 'reused';
      readonly version: string;
      readonly library_version: string;
      readonly mape: number | null;
      readonly naive_mape: number | null;
      readonly has_skill: boolean;
      readonly sharpe: number | null;
      readonly hit_rate: number | null;
      readonly max_drawdown: number | null;
      readonly seconds: number;
      /** Each job tonight, trained or reused (absent when the whole library was reused, and before issue 23). */
      readonly jobs?: readonly TrainJobSummary[];
    });

/** The data, the folds and each library's metrics of a horizon's training. */
export interface TrainSummary {
  readonly horizon: Horizon;
  readonly frequency: Frequency;
  readonly periods: number;
  readonly rows: number;
  readonly trained_rows: number;
  readonly features: number;
  readonly categorical: readonly string[];
  readonly folds: number;
  readonly validation_rows: number;
  readonly first_fold: string | null;
  readonly last_fold: string | null;
  readonly data_hash: string;
  readonly export_hash: string | null;
  readonly models: readonly TrainedModelSummary[];
  readonly quality: {
    readonly verdict: QualityVerdict;
    readonly trusted_rows: number;
    readonly trusted_targets: number;
    readonly dropped_features: number;
    readonly target_lead: number;
    readonly nominal_periods: number | null;
  };
}

/** What champion/challenger promotion decided. */
export interface PromotionSummary {
  readonly promoted: boolean;
  readonly promotion_reason: string;
  /**
   * A champion that could not take part: its metadata.json was gone (its files set aside), or
   * champion.json could not be read.
   */
  readonly previous_champion?:
    | {
        readonly model: string;
        readonly version: string;
        readonly mape: number | null;
        readonly set_aside: string;
        readonly why: string;
      }
    | { readonly champion_unreadable: string };
  readonly compared_folds: number;
  readonly champion_mape_on_compared_folds: number | null;
  readonly challenger_mape_on_compared_folds: number | null;
}

/**
 * A train stage's details: blocked by the quality gate (the stage is skipped), reused (the same
 * data and settings trained recently) or trained (then promotion's decision).
 */
export type TrainDetails =
  | { readonly quality: 'blocked'; readonly rule: QualityRule; readonly hint: string }
  | (TrainSummary & { readonly reused: true; readonly champion: ChampionSummary | null })
  | (TrainSummary & PromotionSummary & { readonly reused: false; readonly champion: ChampionSummary | null });

/** Whether train details are a blocked horizon's (nothing trained). */
export function isBlockedTraining(
  details: TrainDetails,
): details is Extract<TrainDetails, { readonly rule: QualityRule }> {
  return 'rule' in details;
}

// ---- predict ---------------------------------------------------------------------------------

/** What a horizon published: a champion's forecast or the naive one, and why. */
export type PublishedForecast =
  | (SkillTestFields & {
      readonly kind: 'champion';
      readonly model: string;
      readonly version: string;
      readonly reason: string;
      readonly has_skill: true;
    })
  | { readonly kind: 'naive'; readonly reason: string; readonly has_skill: false };

/** A model version that forecast the horizon tonight. */
export interface ModelForecastSummary extends SkillTestFields {
  readonly model: string;
  readonly version: string;
  readonly predicted_price: number;
  readonly has_skill: boolean | null;
  readonly published: boolean;
  /** `xgboost 3.2.0`: the library version that trained it. */
  readonly trained_with?: string;
}

/** What was done about a champion whose model file is damaged. */
export interface ChampionRepair {
  /** Where the damaged version was moved. */
  readonly set_aside: string;
  readonly error: string;
  /** The version that became champion, or null when none with skill could (champion.json removed). */
  readonly replaced_by: { readonly model: string; readonly version: string } | null;
}

/** What was done about a champion the library loaded tonight cannot read. */
export interface UnreadableChampion {
  readonly model: string;
  readonly version: string;
  /** `xgboost 3.2.0`: the library version that trained it. */
  readonly trained_with: string;
  /** The version loaded tonight, or null when it could not be asked. */
  readonly loaded: string | null;
  readonly error: string;
  /** Tonight's model that became champion, or null (none with skill could be read: naive is published). */
  readonly replaced_by: { readonly model: string; readonly version: string } | null;
}

/** A horizon that published a forecast. */
export interface HorizonPrediction {
  readonly as_of_date: string;
  readonly table_last_date: string | null;
  /** The frequency of the table forecast from, and the age of `as_of_date` on the clock (run.delivery.maxDataAge). */
  readonly frequency?: Frequency;
  readonly data_age_periods?: number;
  readonly data_age_days?: number;
  /** Published although the data is older than the limit (run.delivery.staleForecasts: flag). */
  readonly stale?: true;
  /** champion.json could not be read: the horizon forecast as if it had none. */
  readonly champion_unreadable?: string;
  readonly current_price: number;
  /** Rows between the as-of row and the target's. */
  readonly lead: number;
  readonly target_date: string | null;
  /** The published forecast (a model's or the naive one), as cbi status and the report show it. */
  readonly champion: {
    readonly model: string;
    readonly version: string;
    readonly predicted_price: number;
    readonly predicted_return: number;
    /** Its prediction interval (split conformal, docs/models.md); null without one, absent before intervals. */
    readonly interval?: { readonly level: number; readonly low: number; readonly high: number } | null;
  } | null;
  readonly published: PublishedForecast;
  readonly models: readonly ModelForecastSummary[];
  /** The sanity band a forecast must land in. */
  readonly band?: { readonly low: number; readonly high: number; readonly largest_move: number | null };
  /** Forecasts refused for leaving the sanity band. */
  readonly rejected?: readonly {
    readonly model: string;
    readonly version: string;
    readonly predicted_price: number;
    readonly low: number;
    readonly high: number;
  }[];
  /** Models that could not forecast, by `<model>/<version>`. */
  readonly failures?: Readonly<Record<string, string>>;
  /** Features a model was trained with that tonight's table lacks (or categories it never saw). */
  readonly schema_drift?: Readonly<
    Record<
      string,
      {
        readonly missing: readonly string[];
        readonly unseen_categories: Readonly<Record<string, readonly string[]>>;
      }
    >
  >;
  readonly corrupt_champion?: ChampionRepair;
  readonly unreadable_champion?: UnreadableChampion;
  /** Model versions set aside tonight. */
  readonly set_aside?: readonly string[];
  readonly trained_tonight: boolean;
}

/** A horizon that could not be forecast, and why; `table_last_date` and the like when known. */
export interface HorizonNotForecast {
  readonly published: null;
  readonly reason: string;
  /** The quality rule that blocked the horizon. */
  readonly rule?: QualityRule;
  readonly as_of_date?: string;
  readonly table_last_date?: string;
  /** The frequency of the table forecast from, and the age of `as_of_date` on the clock (run.delivery.maxDataAge). */
  readonly frequency?: Frequency;
  readonly data_age_periods?: number;
  readonly data_age_days?: number;
  readonly trained_tonight: boolean;
}

/** A horizon whose forecasting broke. */
export interface HorizonPredictionError {
  readonly error: string;
}

export type HorizonPredictOutcome = HorizonPrediction | HorizonNotForecast | HorizonPredictionError;

/** Whether a horizon's predict outcome published a forecast. */
export function isPublished(outcome: HorizonPredictOutcome | undefined): outcome is HorizonPrediction {
  return outcome !== undefined && 'published' in outcome && outcome.published !== null;
}

export interface PredictDetails {
  /** The predictions file, relative to the home. */
  readonly file: string;
  readonly rows: number;
  /** Horizons that published a forecast (model or naive). */
  readonly published: number;
  readonly naive_published: number;
  /** `<h>: <reason>` for each horizon not forecast. */
  readonly not_forecast: readonly string[];
  readonly horizons: Readonly<Partial<Record<Horizon, HorizonPredictOutcome>>>;
}

// ---- upload ----------------------------------------------------------------------------------

export interface UploadDetails {
  readonly rows: number;
  readonly champion_rows: number;
  /** Rows an earlier run of the same forecasts had stored already. */
  readonly already_stored: number;
  readonly horizons: readonly Horizon[];
}

// ---- evaluate --------------------------------------------------------------------------------

/** MAPE of matured forecasts. */
export interface MaturedScore {
  readonly count: number;
  readonly mape: number | null;
}

/** A model's walk-forward figures. */
export type WalkForwardScore = Partial<BacktestSummary> &
  SkillTestFields & {
    readonly version?: string;
    readonly folds: number;
    readonly mape: number | null;
    readonly has_skill?: boolean;
  };

/** One horizon's evaluation. */
export interface HorizonEvaluation {
  readonly published: {
    readonly model: string;
    readonly version: string;
    readonly has_skill: boolean | null;
  } | null;
  readonly matured: {
    readonly champion: MaturedScore;
    readonly naive: MaturedScore;
    readonly models: Readonly<Record<string, MaturedScore>>;
    readonly newest_matured_as_of: string | null;
    /** Per nominal level, the matured published forecasts whose outcome fell inside their band. */
    readonly intervals?: readonly IntervalCoverage[];
  };
  /** By `champion`, each library and `naive`. */
  readonly walk_forward: Readonly<Record<string, WalkForwardScore>>;
}

export interface EvaluateDetails {
  readonly metrics_written: number;
  readonly horizons: Readonly<Partial<Record<Horizon, HorizonEvaluation>>>;
}
