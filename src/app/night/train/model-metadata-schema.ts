import { z } from 'zod';
import { HORIZONS } from '../../../domain/horizon.js';
import { MODEL_LIBRARIES } from '../../../domain/model/model.js';
import type { ChampionRecord, ModelMetadata } from '../../../domain/model/model-metadata.js';

/** The edge where metadata.json and champion.json are read back: validated, never cast. */

const horizon = z.enum(HORIZONS);
const library = z.enum(MODEL_LIBRARIES);
const nullableNumber = z.number().nullable();

const backtestSummary = z.object({
  trades: z.number().int(),
  positions: z.number().int(),
  sharpe: nullableNumber,
  hit_rate: nullableNumber,
  max_drawdown: z.number(),
  total_return: z.number(),
});

const foldRecord = z.object({
  cut_date: z.string(),
  target_date: z.string(),
  period: z.number().int(),
  train_rows: z.number().int(),
  current_price: z.number(),
  actual_price: z.number(),
  predicted_price: z.number(),
  predicted_return: z.number(),
  ape: nullableNumber,
  naive_ape: nullableNumber,
  fold: z.number().int().optional(),
});

export const modelMetadataSchema = z.object({
  schema_version: z.literal(1),
  model_name: z.string().min(1),
  library,
  library_version: z.string(),
  format: z.enum(['lightgbm-text', 'xgboost-json', 'xgboost-ubj']),
  model_file: z.string().min(1),
  horizon,
  surface: z.string().min(1),
  version: z.string().min(1),
  frequency: z.enum(['daily', 'monthly']),
  horizon_periods: z.number().int().positive(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  rounds: z.number().int(),
  seed: z.number().int(),
  feature_names: z.array(z.string()),
  categories: z.record(z.string(), z.array(z.string())).optional(),
  label: z.literal('return'),
  target_column: z.string(),
  price_column: z.string(),
  target_kind: z.enum(['price', 'return']).optional(),
  model_sha256: z.string().optional(),
  skill: z
    .object({
      has_skill: z.boolean(),
      margin: z.number(),
      verdict: z.string(),
      test: z
        .object({
          forecasts: z.number().int(),
          independent_forecasts: z.number(),
          statistic: nullableNumber,
          p_value: nullableNumber,
          lag: nullableNumber,
          alpha: z.number(),
          min_independent_forecasts: z.number(),
          error_ratio: nullableNumber,
          suspected_leakage: z.boolean(),
          suspect_feature: z.object({ name: z.string(), correlation: z.number() }).optional(),
        })
        .optional(),
    })
    .optional(),
  export_hash: z.string().nullable(),
  data_hash: z.string(),
  config_hash: z.string(),
  train_rows: z.number().int(),
  first_date: z.string(),
  last_date: z.string(),
  folds: z.array(foldRecord),
  metrics: z.object({
    folds: z.number().int(),
    mape: nullableNumber,
    naive_mape: nullableNumber,
    backtest: backtestSummary,
    naive_backtest: backtestSummary,
  }),
  run_id: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  duration_seconds: z.number(),
  job_costs: z.array(z.object({ train_rows: z.number(), seconds: z.number() })).optional(),
}) satisfies z.ZodType<ModelMetadata>;

export const championRecordSchema = z.object({
  schema_version: z.literal(1),
  horizon,
  surface: z.string().min(1),
  model_name: z.string().min(1),
  library,
  version: z.string().min(1),
  model_dir: z.string().min(1),
  mape: nullableNumber,
  promoted_at: z.string(),
  run_id: z.string(),
  reason: z.string(),
}) satisfies z.ZodType<ChampionRecord>;
