/** Parameters as LightGBM's `key=value key=value` string; booleans as true/false. */
export function paramString(
  params: Readonly<Record<string, string | number | boolean>>,
  separator: string,
): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(separator);
}

/**
 * Feature names as handed to a library: characters the libraries reject (LightGBM refuses JSON
 * punctuation, XGBoost `[`, `]`, `<`, spaces) become `_`. The exact names stay in the
 * TrainedModel, which is what the feature-order check compares.
 */
export function libraryFeatureNames(names: readonly string[]): string[] {
  return names.map((name) => name.replace(/[^A-Za-z0-9_.-]/g, '_'));
}
