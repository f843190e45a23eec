import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The messages between a booster adapter (parent) and its worker process (child). Bulk data
 * never goes through IPC: matrices, labels, models and predictions are raw files in the job's
 * temporary folder (little-endian Float64 arrays, the model in the library's own format).
 */
const paramValue = z.union([z.string(), z.number(), z.boolean()]);

export const boosterJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('version'), libraryPath: z.string(), declaredVersion: z.string().nullable() }),
  z.object({
    kind: z.literal('train'),
    libraryPath: z.string(),
    declaredVersion: z.string().nullable(),
    dir: z.string(),
    rows: z.number().int().min(1),
    cols: z.number().int().min(1),
    featureNames: z.array(z.string()),
    params: z.record(z.string(), paramValue),
    rounds: z.number().int().min(1),
    seed: z.number().int(),
    threads: z.number().int().min(1),
  }),
  z.object({
    kind: z.literal('predict'),
    libraryPath: z.string(),
    declaredVersion: z.string().nullable(),
    dir: z.string(),
    rows: z.number().int().min(1),
    cols: z.number().int().min(1),
    featureNames: z.array(z.string()),
    threads: z.number().int().min(1),
  }),
]);
export type BoosterJob = z.infer<typeof boosterJobSchema>;
export type TrainJob = Extract<BoosterJob, { kind: 'train' }>;
export type PredictJob = Extract<BoosterJob, { kind: 'predict' }>;

export const boosterReplySchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    version: z.string(),
    /** Time inside the library calls (dataset, boosting, saving or predicting). */
    nativeMs: z.number(),
    /** Peak resident memory of the worker process. */
    maxRssKb: z.number(),
  }),
  z.object({
    ok: z.literal(false),
    /** `load`: the library could not be opened; `run`: a library call failed. */
    stage: z.enum(['load', 'run']),
    message: z.string(),
  }),
]);
export type BoosterReply = z.infer<typeof boosterReplySchema>;

/** File names inside a job's folder. */
export const JOB_FILES = {
  features: 'features.f64',
  labels: 'labels.f64',
  model: 'model.bin',
  predictions: 'predictions.f64',
} as const;

export async function writeFloat64File(dir: string, name: string, values: Float64Array): Promise<void> {
  await writeFile(join(dir, name), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export async function readFloat64File(
  dir: string,
  name: string,
  expectedLength: number,
): Promise<Float64Array> {
  const bytes = await readFile(join(dir, name));
  if (bytes.byteLength !== expectedLength * 8) {
    throw new Error(`${name} holds ${bytes.byteLength} bytes, expected ${expectedLength * 8}`);
  }
  // A Float64Array view needs 8-byte alignment; copy when the buffer is not aligned.
  if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, expectedLength);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
