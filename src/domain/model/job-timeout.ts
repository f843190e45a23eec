/**
 * How long a training job may run, from what the same library's jobs cost on earlier nights
 * (docs/boosters.md, "Job timeouts"): a fixed limit kills the slow machine's job that would have
 * finished, or waits too long for a hung one.
 */
export interface JobTimeoutPolicy {
  /** A job is given this many times its expected cost. */
  readonly factor: number;
  /** Never less than this (a cold worker, a short load spike). */
  readonly floorMs: number;
  /** Never more than this, or than `unmeasuredMs` when that is higher (a ceiling never lowers the configured limit of a costly job). */
  readonly ceilingMs: number;
  /** With nothing measured yet (the first night, new settings): the configured fixed limit. */
  readonly unmeasuredMs: number;
}

/** What one earlier job cost: its training rows and the wall seconds its training took. */
export interface JobCost {
  readonly train_rows: number;
  readonly seconds: number;
}

/**
 * The limit of a job training on `rows` rows: `factor` x the seconds per row of the costliest
 * earlier job (per row: at fixed rounds a booster's cost grows with its rows) x `rows`, within
 * [floor, ceiling]; the fixed limit when no earlier job was measured.
 */
export function jobTimeoutMs(policy: JobTimeoutPolicy, earlier: readonly JobCost[], rows: number): number {
  let perRow = 0;
  for (const job of earlier)
    if (job.train_rows > 0 && job.seconds > 0 && Number.isFinite(job.seconds))
      perRow = Math.max(perRow, job.seconds / job.train_rows);
  if (perRow === 0) return policy.unmeasuredMs;
  const expectedMs = perRow * Math.max(1, rows) * 1000;
  const ceiling = Math.max(policy.ceilingMs, policy.unmeasuredMs);
  return Math.round(Math.min(ceiling, Math.max(policy.floorMs, policy.factor * expectedMs)));
}
