/** The parameters LightGBM gets for a job: the preset's, then the job's seed and thread budget. */
export function lightGbmParams(
  params: Readonly<Record<string, string | number | boolean>>,
  seed: number,
  threads: number,
): Record<string, string | number | boolean> {
  // `seed` also derives bagging_seed, feature_fraction_seed and drop_seed (DART) unless set.
  return { ...params, seed, num_threads: threads };
}
