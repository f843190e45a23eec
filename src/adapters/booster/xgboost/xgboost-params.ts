/** The parameters XGBoost gets for a job: the preset's, then the job's seed and thread budget. */
export function xgBoostParams(
  params: Readonly<Record<string, string | number | boolean>>,
  seed: number,
  threads: number,
): Record<string, string | number | boolean> {
  return { ...params, seed, nthread: threads };
}
