import { z } from 'zod';

/** Booster libraries, presets and resources. Owned by the training feature. */
export const trainingConfigSchema = z
  .object({
    /** `embedded`: fast, for the embedded default; `seed`: the original system's hyperparameters. */
    preset: z.enum(['embedded', 'seed']).default('embedded'),
    libraries: z.array(z.enum(['lightgbm', 'xgboost'])).min(1).default(['lightgbm', 'xgboost']),
    lightgbmLib: z.string().optional(),
    xgboostLib: z.string().optional(),
    /** Threads for all concurrent jobs together; 0 means all cores. */
    threads: z.number().int().min(0).default(0),
    seed: z.number().int().min(0).default(42),
  })
  .prefault({});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
