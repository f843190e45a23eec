import { z } from 'zod';
import { HORIZONS } from '../../domain/horizon.js';

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
});

export type RunConfig = z.infer<typeof runConfigSchema>;
