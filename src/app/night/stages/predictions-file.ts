import { z } from 'zod';
import { ArtifactIoError } from '../../../domain/errors.js';
import { HORIZONS } from '../../../domain/horizon.js';
import { LAYOUT } from '../../../domain/layout.js';
import type { PredictionRow } from '../../../domain/data/warehouse-types.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';

/** The predict stage's output, read by the upload stage: `Models/local/predictions/<run_id>.json`. */
export function predictionsKey(runId: string): string {
  return `${LAYOUT.models}/predictions/${runId}.json`;
}

const predictionRowSchema = z.object({
  as_of_date: z.string(),
  horizon: z.enum(HORIZONS),
  target_date: z.string(),
  current_price: z.number(),
  predicted_price: z.number(),
  predicted_return: z.number(),
  model_name: z.string(),
  model_version: z.string(),
  surface: z.string(),
  is_champion: z.boolean(),
  run_id: z.string(),
  created_at: z.string(),
  has_skill: z.boolean().optional(),
  interval_low: z.number().optional(),
  interval_high: z.number().optional(),
  interval_level: z.number().optional(),
}) satisfies z.ZodType<PredictionRow>;

const predictionsFileSchema = z.object({
  schema_version: z.literal(1),
  run_id: z.string(),
  created_at: z.string(),
  rows: z.array(predictionRowSchema),
});

export type PredictionsFile = z.infer<typeof predictionsFileSchema>;

/** Atomic (through the ArtifactStore). */
export async function writePredictionsFile(artifacts: ArtifactStore, file: PredictionsFile): Promise<string> {
  const key = predictionsKey(file.run_id);
  await artifacts.write(key, `${JSON.stringify(file, null, 2)}\n`);
  return key;
}

/** The run's predictions, or undefined when the predict stage wrote none. Throws ArtifactIoError when unreadable. */
export async function readPredictionsFile(
  artifacts: ArtifactStore,
  runId: string,
): Promise<PredictionsFile | undefined> {
  const key = predictionsKey(runId);
  const content = await artifacts.read(key);
  if (content === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(content));
  } catch (cause) {
    throw new ArtifactIoError(`${key} is not JSON`, { cause });
  }
  const parsed = predictionsFileSchema.safeParse(json);
  if (!parsed.success)
    throw new ArtifactIoError(
      `${key} is not a predictions file: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return parsed.data;
}
