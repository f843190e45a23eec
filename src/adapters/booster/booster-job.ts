import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
/**
 * The jobs a booster adapter (parent) sends its worker process (child). Bulk data never goes
 * through IPC: matrices, labels, models and predictions are raw files in the job's temporary
 * folder (little-endian Float64 arrays, the model in the library's own format). Checked by hand
 * rather than with zod: loading zod would add ~0.2 s to every worker's start.
 */
export type ParamValue = string | number | boolean;

interface JobBase {
  readonly libraryPath: string;
  /** The version the library's files declare (LightGBM has no version call). */
  readonly declaredVersion: string | null;
}
export interface VersionJob extends JobBase {
  readonly kind: 'version';
}
export interface TrainJob extends JobBase {
  readonly kind: 'train';
  readonly dir: string;
  readonly rows: number;
  readonly cols: number;
  readonly featureNames: readonly string[];
  /** Every parameter as the library names them, the seed and the thread budget included. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly rounds: number;
}
export interface PredictJob extends JobBase {
  readonly kind: 'predict';
  readonly dir: string;
  readonly rows: number;
  readonly cols: number;
  readonly featureNames: readonly string[];
  readonly threads: number;
}
export type BoosterJob = VersionJob | TrainJob | PredictJob;

/** Validates a job message; throws naming the first bad field. */
export function parseBoosterJob(message: unknown): BoosterJob {
  const m = record(message, 'job');
  const base = { libraryPath: text(m, 'libraryPath'), declaredVersion: nullableText(m, 'declaredVersion') };
  switch (m['kind']) {
    case 'version':
      return { kind: 'version', ...base };
    case 'train': {
      const params: Record<string, ParamValue> = {};
      for (const [key, value] of Object.entries(record(m['params'], 'params'))) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          throw new Error(`job param ${key} is not a string, number or boolean`);
        }
        params[key] = value;
      }
      return {
        kind: 'train',
        ...base,
        dir: text(m, 'dir'),
        rows: count(m, 'rows', 1),
        cols: count(m, 'cols', 1),
        featureNames: texts(m, 'featureNames'),
        params,
        rounds: count(m, 'rounds', 1),
      };
    }
    case 'predict':
      return {
        kind: 'predict',
        ...base,
        dir: text(m, 'dir'),
        rows: count(m, 'rows', 1),
        cols: count(m, 'cols', 1),
        featureNames: texts(m, 'featureNames'),
        threads: count(m, 'threads', 1),
      };
    default:
      throw new Error(`job kind ${String(m['kind'])} is unknown`);
  }
}

function record(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${name} is not an object`);
  return Object.fromEntries(Object.entries(value));
}
function text(m: Record<string, unknown>, key: string): string {
  const value = m[key];
  if (typeof value !== 'string') throw new Error(`job ${key} is not a string`);
  return value;
}
function nullableText(m: Record<string, unknown>, key: string): string | null {
  return m[key] === null ? null : text(m, key);
}
function count(m: Record<string, unknown>, key: string, min: number): number {
  const value = m[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`job ${key} is not an integer >= ${min}`);
  }
  return value;
}
function texts(m: Record<string, unknown>, key: string): string[] {
  const value = m[key];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new Error(`job ${key} is not a list of strings`);
  }
  return value;
}

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
