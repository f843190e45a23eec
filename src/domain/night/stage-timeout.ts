import type { RunRecord } from './run.js';

/**
 * How a stage's attempt limit follows its work (docs/boosters.md, "Job timeouts"):
 * the configured limit, raised to `factor` times the longest the same stage took in one attempt
 * on the recent nights it succeeded. A night whose work grew (more rows, the seed preset, a
 * loaded machine) is then not killed at a limit set for a lighter one; the limit is never lowered
 * below the configured one, so a hung stage is still caught there (and by the run's deadline,
 * which bounds every attempt). Training jobs have their own limits from their cost (job-timeout.ts).
 */
export interface StageTimeoutPolicy {
  /** The raised limit is this many times the longest recent single-attempt success. */
  readonly factor: number;
  /** How many recent runs are looked at; 0 keeps the configured limits. */
  readonly nights: number;
}

/**
 * The limits of stages run side by side, in plan order: each may run until the stages before it
 * and itself would have had to end had they run one after another (the running sum of their own
 * limits). They share the thread budget, so a later one's wall time holds the earlier ones' work
 * too, and none is given less time than the one-after-another night gave it.
 */
export function sideBySideTimeoutsMs(limitsMs: readonly number[]): number[] {
  let sum = 0;
  return limitsMs.map((limit) => (sum += limit));
}

/** The attempt limit of stage `name`: `configuredMs`, or `factor` x its longest recent success when that is more. */
export function stageTimeoutMs(
  policy: StageTimeoutPolicy,
  configuredMs: number,
  name: string,
  recent: readonly RunRecord[],
): number {
  let longest = 0;
  for (const run of recent.slice(0, policy.nights))
    for (const stage of run.stages)
      if (stage.name === name && stage.status === 'succeeded' && stage.attempts === 1)
        longest = Math.max(longest, stage.duration_seconds ?? 0);
  return Math.max(configuredMs, Math.round(policy.factor * longest * 1000));
}
