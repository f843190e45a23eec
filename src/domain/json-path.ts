// Reading JSON whose shape is not known at compile time (a run record's stage details, a config
// file before its schema): the one test for a JSON object and safe paths into it.

/** A JSON object: string keys, values of any JSON shape. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a plain object; false for null, arrays and every other value. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` inside objects (`at(run, 'horizons', '1m')`), or undefined where any step is missing. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let found: unknown = value;
  for (const key of path) found = isJsonObject(found) ? found[key] : undefined;
  return found;
}

/** The object at `path`, or undefined when there is none. */
export function objectAt(value: unknown, ...path: readonly string[]): JsonObject | undefined {
  const found = at(value, ...path);
  return isJsonObject(found) ? found : undefined;
}

/** The finite number at `path`, or undefined (NaN and infinities are not numbers here). */
export function finiteAt(value: unknown, ...path: readonly string[]): number | undefined {
  const found = at(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

/** The string at `path`, or undefined. */
export function stringAt(value: unknown, ...path: readonly string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** The array at `path`, or an empty one. */
export function listAt(value: unknown, ...path: readonly string[]): readonly unknown[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? (found as readonly unknown[]) : [];
}
