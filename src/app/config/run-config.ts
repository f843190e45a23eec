import { z } from 'zod';
import { HORIZONS } from '../../domain/horizon.js';
import { DEFAULT_DELIVERY_POLICY as D, type DeliveryPolicy } from '../../domain/night/night-delivery.js';

const horizon = z.enum(HORIZONS);

const retry = z.object({
  maxAttempts: z.number().int().min(1).max(20).default(3),
  baseDelayMs: z.number().int().min(0).default(30_000),
  maxDelayMs: z.number().int().min(0).default(600_000),
});

const minutes = (fallback: number) =>
  z
    .number()
    .positive()
    .max(24 * 60)
    .default(fallback);

/** How a nightly run is planned and bounded. */
export const runConfigSchema = z.object({
  /** Horizons to train, shortest first. */
  horizons: z
    .array(horizon)
    .min(1)
    .default([...HORIZONS]),
  /** The run fails when fewer horizons than this train. */
  minHorizons: z.number().int().min(1).max(5).default(2),
  /**
   * The horizons' train stages run at the same time, their jobs sharing the thread budget (the
   * shorter horizons' jobs first), so that no core waits while a horizon trains its last job
   * alone (docs/boosters.md, "The thread budget"); false: one horizon after another.
   */
  sideBySide: z.boolean().default(true),
  /** Past this, no stage is started and the watchdog counts the run as stuck. */
  deadlineMinutes: minutes(240),
  retry: retry.prefault({}),
  /** Per-attempt timeout of each stage kind. */
  stageTimeoutMinutes: z
    .object({
      export: minutes(20),
      quality: minutes(10),
      train: minutes(60),
      predict: minutes(15),
      upload: minutes(15),
      evaluate: minutes(15),
    })
    .prefault({}),
  /**
   * Stage limits that follow the work: a stage may take `factor` times the longest it took in one
   * attempt on the last `nights` runs, when that is more than its `stageTimeoutMinutes` (never
   * less); `nights: 0` keeps the fixed limits.
   */
  stageTimeoutGrowth: z
    .object({
      factor: z.number().min(1).max(10).default(2),
      nights: z.number().int().min(0).max(60).default(7),
    })
    .prefault({}),
  /**
   * What a night must deliver to count as a success (docs/operations.md, "A night's verdict"):
   * at least `minCurrentHorizons` forecasts from data at most `maxDataAge` periods old on the day
   * of the run; a forecast from older data is withheld, or published flagged stale (`staleForecasts`).
   */
  delivery: z
    .object({
      maxDataAge: z
        .object({
          monthly: z.number().int().min(0).default(D.maxDataAge.monthly),
          daily: z.number().int().min(0).default(D.maxDataAge.daily),
        })
        .prefault({}),
      minCurrentHorizons: z.number().int().min(0).max(5).default(D.minCurrentHorizons),
      staleForecasts: z.enum(['withhold', 'flag']).default(D.staleForecasts),
    })
    .strict()
    .prefault({}),
});

// the parsed config holds the domain's policy (checked here by the compiler)
const _sameShape: (config: z.infer<typeof runConfigSchema>['delivery']) => DeliveryPolicy = (config) =>
  config;
void _sameShape;

export type RunConfig = z.infer<typeof runConfigSchema>;
