import type { RunRecord } from './run.js';

/** How far a long stage has got (the train stage reports one per library job). */
export interface StageProgress {
  /** The library at work, or null when the stage has none. */
  readonly library: string | null;
  /** Jobs of the library done: its walk-forward folds, then its final model. */
  readonly jobsDone: number;
  readonly jobs: number;
  /** The walk-forward fold at work (1-based) of `folds`; null once only the final model is left. */
  readonly fold: number | null;
  readonly folds: number;
  /** Boosting rounds done over the library's jobs, and their total. */
  readonly roundsDone: number;
  readonly rounds: number;
}

/**
 * How long each stage usually takes: the median duration of each stage name over the runs
 * given (only stages that succeeded or partly did count), in seconds.
 */
export function typicalStageSeconds(runs: readonly RunRecord[]): ReadonlyMap<string, number> {
  const durations = new Map<string, number[]>();
  for (const run of runs)
    for (const stage of run.stages)
      if ((stage.status === 'succeeded' || stage.status === 'partial') && stage.duration_seconds !== null)
        durations.set(stage.name, [...(durations.get(stage.name) ?? []), stage.duration_seconds]);
  const typical = new Map<string, number>();
  for (const [name, values] of durations) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    typical.set(
      name,
      sorted.length % 2 === 1
        ? (sorted[middle] ?? 0)
        : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2,
    );
  }
  return typical;
}

/**
 * Seconds a stage has left, or null when nothing tells: from its own progress once a share of
 * its work is done (the rate so far), else from how long it took on earlier nights.
 */
export function secondsLeft(facts: {
  readonly elapsedSeconds: number;
  /** Share of the stage's work done, in [0, 1], or null. */
  readonly done: number | null;
  readonly typicalSeconds: number | null;
}): number | null {
  const { elapsedSeconds, done, typicalSeconds } = facts;
  if (done !== null && done > 0 && done <= 1) return Math.max(0, (elapsedSeconds * (1 - done)) / done);
  if (typicalSeconds !== null) return Math.max(0, typicalSeconds - elapsedSeconds);
  return null;
}
