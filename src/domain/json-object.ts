// JSON whose shape is not known at compile time (a config file before its schema, a plist, a
// log line's fields): the one test for a JSON object. Stage details are typed
// (night/stage-details.ts) and read without it.

/** A JSON object: string keys, values of any JSON shape. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a plain object; false for null, arrays and every other value. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
