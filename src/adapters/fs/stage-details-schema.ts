import * as z from 'zod/mini';
import { HORIZONS } from '../../domain/horizon.js';
import { MODEL_LIBRARIES } from '../../domain/model/model.js';
import type { StageKind } from '../../domain/night/pipeline-plan.js';
import type { StageDetailsByKind } from '../../domain/night/stage-details.js';

/*
 * The stage details of a run record, checked where they come from disk. Each kind's schema holds
 * what the readers (status, the report, the watchdog) rely on: the keys, their types and the
 * shape of the per-horizon maps. Objects are loose: a key added by a newer version of a writer
 * passes through, so a record is never refused for saying more. Keys renamed since records were
 * first written are upgraded here, once, so no reader knows the old spelling.
 */

const horizon = z.enum(HORIZONS);
const frequency = z.enum(['daily', 'monthly']);
const library = z.enum(MODEL_LIBRARIES);
const nullableString = z.nullable(z.string());
const nullableNumber = z.nullable(z.number());
const verdict = z.enum(['passed', 'trimmed', 'blocked']);
const skipped = z.array(z.looseObject({ horizon, reason: z.string() }));
const byHorizon = <T extends z.ZodMiniType>(value: T) => z.partialRecord(horizon, value);

const exportDetails = z.looseObject({
  refresh: z.optional(z.looseObject({ source: z.string() })),
  frequency,
  supported_horizons: z.array(horizon),
  skipped,
  exports: byHorizon(
    z.looseObject({
      file: z.string(),
      rows: z.number(),
      columns: z.number(),
      first_date: nullableString,
      last_date: nullableString,
      content_hash: z.string(),
    }),
  ),
});

const qualityDetails = z.looseObject({
  report: z.string(),
  passed: z.boolean(),
  verdicts: byHorizon(verdict),
  tables: byHorizon(
    z.looseObject({
      table: z.string(),
      verdict,
      rows: z.number(),
      first_date: nullableString,
      last_date: nullableString,
      trusted_rows: z.number(),
      trusted_targets: z.number(),
      last_trusted_date: nullableString,
      dropped_features: z.number(),
      findings: z.array(
        z.looseObject({
          rule: z.string(),
          severity: z.enum(['blocking', 'trim', 'warning']),
          column: nullableString,
          message: z.string(),
        }),
      ),
    }),
  ),
  skipped,
});

const trainedModel = z.union([
  z.looseObject({ model: library, status: z.literal('failed'), error: z.string() }),
  z.looseObject({
    model: library,
    status: z.enum(['trained', 'reused']),
    version: z.string(),
    library_version: z.string(),
    mape: nullableNumber,
    naive_mape: nullableNumber,
    has_skill: z.boolean(),
    jobs: z.optional(
      z.array(
        z.looseObject({
          job: z.string(),
          cut_date: nullableString,
          train_rows: z.number(),
          status: z.enum(['trained', 'reused']),
          seconds: z.number(),
          trained_seconds: z.number(),
          timeout_seconds: z.optional(z.number()),
        }),
      ),
    ),
  }),
]);

const champion = z.nullable(z.looseObject({ model: z.string(), version: z.string(), mape: nullableNumber }));

const trainDetails = z.union([
  z.looseObject({ quality: z.literal('blocked'), rule: z.string(), hint: z.string() }),
  z.looseObject({
    horizon,
    frequency,
    rows: z.number(),
    folds: z.number(),
    models: z.array(trainedModel),
    reused: z.boolean(),
    champion,
  }),
]);

/** `published` named its model `modelName` until the run record's keys were all snake_case. */
const published = z.pipe(
  z.transform((value: unknown) => {
    if (typeof value !== 'object' || value === null || !('modelName' in value)) return value;
    const { modelName, ...rest } = value;
    return { ...rest, model: modelName };
  }),
  z.union([
    z.looseObject({
      kind: z.literal('champion'),
      model: z.string(),
      version: z.string(),
      reason: z.string(),
      has_skill: z.literal(true),
    }),
    z.looseObject({ kind: z.literal('naive'), reason: z.string(), has_skill: z.literal(false) }),
  ]),
);

/** Drift kept the model's camelCase `unseenCategories` until the same change. */
const drift = z.pipe(
  z.transform((value: unknown) => {
    if (typeof value !== 'object' || value === null || !('unseenCategories' in value)) return value;
    const { unseenCategories, ...rest } = value;
    return { ...rest, unseen_categories: unseenCategories };
  }),
  z.looseObject({
    missing: z.array(z.string()),
    unseen_categories: z.record(z.string(), z.array(z.string())),
  }),
);

const horizonPrediction = z.looseObject({
  as_of_date: z.string(),
  table_last_date: nullableString,
  current_price: z.number(),
  lead: z.number(),
  target_date: nullableString,
  champion: z.nullable(
    z.looseObject({
      model: z.string(),
      version: z.string(),
      predicted_price: z.number(),
      predicted_return: z.number(),
      interval: z.optional(
        z.nullable(z.looseObject({ level: z.number(), low: z.number(), high: z.number() })),
      ),
    }),
  ),
  published,
  models: z.array(
    z.looseObject({
      model: z.string(),
      version: z.string(),
      predicted_price: z.number(),
      has_skill: z.nullable(z.boolean()),
      published: z.boolean(),
    }),
  ),
  schema_drift: z.optional(z.record(z.string(), drift)),
  trained_tonight: z._default(z.boolean(), false),
});

const predictDetails = z.looseObject({
  file: z.string(),
  rows: z.number(),
  published: z.number(),
  naive_published: z.number(),
  not_forecast: z.array(z.string()),
  horizons: byHorizon(
    z.union([
      horizonPrediction,
      z.looseObject({
        published: z.null(),
        reason: z.string(),
        trained_tonight: z._default(z.boolean(), false),
      }),
      z.looseObject({ error: z.string() }),
    ]),
  ),
});

const uploadDetails = z.looseObject({
  rows: z.number(),
  champion_rows: z.number(),
  horizons: z.array(horizon),
});

const maturedScore = z.looseObject({ count: z.number(), mape: nullableNumber });

const evaluateDetails = z.looseObject({
  metrics_written: z.number(),
  horizons: byHorizon(
    z.looseObject({
      published: z.nullable(
        z.looseObject({ model: z.string(), version: z.string(), has_skill: z.nullable(z.boolean()) }),
      ),
      matured: z.looseObject({
        champion: maturedScore,
        naive: maturedScore,
        models: z.record(z.string(), maturedScore),
        newest_matured_as_of: nullableString,
        intervals: z.optional(
          z.array(
            z.looseObject({
              level: z.number(),
              matured: z.number(),
              covered: z.number(),
              coverage: nullableNumber,
            }),
          ),
        ),
      }),
      walk_forward: z.record(
        z.string(),
        z.looseObject({
          folds: z.number(),
          mape: nullableNumber,
          dm_statistic: z.optional(nullableNumber),
          p_value: z.optional(nullableNumber),
          forecasts: z.optional(z.number()),
          independent_forecasts: z.optional(z.number()),
          error_ratio: z.optional(nullableNumber),
          suspected_leakage: z.optional(z.boolean()),
        }),
      ),
    }),
  ),
});

const SCHEMAS: { readonly [K in StageKind]: z.ZodMiniType } = {
  export: exportDetails,
  quality: qualityDetails,
  train: trainDetails,
  predict: predictDetails,
  upload: uploadDetails,
  evaluate: evaluateDetails,
};

/**
 * A stage's details as read from disk, or null when they are not what the stage's kind reports
 * (a record edited by hand, or written by a version whose details this one cannot read): the
 * stage's own fields (its status, its error) still count, only what it reported is set aside.
 */
export function parseStageDetails<K extends StageKind>(kind: K, json: unknown): StageDetailsByKind[K] | null {
  if (json === null || json === undefined) return null;
  const parsed = SCHEMAS[kind].safeParse(json);
  // the schema checked every key a reader of this kind relies on; loose objects keep the rest
  return parsed.success ? (parsed.data as StageDetailsByKind[K]) : null;
}
