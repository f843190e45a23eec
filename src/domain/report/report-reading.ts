import type { RunRecord } from '../night/run.js';
import type { ChartValue } from './report-model.js';

// How the report reads run records: safe paths into their JSON, and small number and text helpers.

export const DAY_MS = 86_400_000;

export type Point = Readonly<Record<string, ChartValue>>;
export type Json = Readonly<Record<string, unknown>>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
export function at(value: unknown, ...path: readonly string[]): unknown {
  let found: unknown = value;
  for (const key of path) found = isJson(found) ? found[key] : undefined;
  return found;
}
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
export function list(value: unknown, key: string): readonly unknown[] {
  const found = at(value, key);
  return Array.isArray(found) ? (found as readonly unknown[]) : [];
}
export function details(run: RunRecord, stage: string): Json | undefined {
  const found = run.stages.find((s) => s.name === stage);
  return found !== undefined && (found.status === 'succeeded' || found.status === 'partial')
    ? (found.details ?? undefined)
    : undefined;
}
export function day(iso: string): string {
  return iso.slice(0, 10);
}
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
