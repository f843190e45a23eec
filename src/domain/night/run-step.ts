import { runsSideBySide, type NightlyPlan, type PlannedStage } from './pipeline-plan.js';
import { enoughHorizonsTrained, type StageOutcome } from './run-outcome.js';

/** Why a run stops before its plan is done. */
export type StopReason =
  | { readonly kind: 'interrupted' }
  | { readonly kind: 'deadline' }
  | { readonly kind: 'critical_failure'; readonly stage: string }
  | { readonly kind: 'too_few_horizons'; readonly required: number };

/**
 * What the run does next: start a stage (or, for a side-by-side kind, every stage of that kind
 * not yet run, at once, in plan order), stop early, or nothing (the plan is done).
 */
export type RunStep =
  | { readonly kind: 'run'; readonly stages: readonly [PlannedStage, ...PlannedStage[]] }
  | { readonly kind: 'stop'; readonly reason: StopReason }
  | { readonly kind: 'done' };

/** What the run knows between two stages. */
export interface RunProgress {
  /** The stages that ended so far, in plan order. */
  readonly outcomes: readonly StageOutcome[];
  readonly interrupted: boolean;
  readonly deadlinePassed: boolean;
}

/**
 * The decision between two stages of a run, in order of precedence: an interrupt stops it; so
 * does the deadline; a failed critical stage stops it; the predict stage does not start when
 * fewer horizons trained than the plan requires; otherwise the next stage of the plan runs,
 * with the stages of its kind that follow it when the kind runs side by side.
 */
export function nextStep(plan: NightlyPlan, progress: RunProgress): RunStep {
  if (progress.interrupted) return { kind: 'stop', reason: { kind: 'interrupted' } };
  if (progress.deadlinePassed) return { kind: 'stop', reason: { kind: 'deadline' } };
  const ended = new Set(progress.outcomes.map((o) => o.name));
  const critical = plan.stages.find(
    (s) => s.critical && progress.outcomes.some((o) => o.name === s.name && o.status === 'failed'),
  );
  if (critical !== undefined)
    return { kind: 'stop', reason: { kind: 'critical_failure', stage: critical.name } };
  const next = plan.stages.find((s) => !ended.has(s.name));
  if (next === undefined) return { kind: 'done' };
  if (next.kind === 'predict' && !enoughHorizonsTrained(plan, progress.outcomes))
    return { kind: 'stop', reason: { kind: 'too_few_horizons', required: plan.minHorizons } };
  if (!plan.sideBySide || !runsSideBySide(next.kind)) return { kind: 'run', stages: [next] };
  const alongside = plan.stages.filter((s) => s !== next && s.kind === next.kind && !ended.has(s.name));
  return { kind: 'run', stages: [next, ...alongside] };
}

/** Why the stages after a stop did not run, as their records say it. */
export function stopText(reason: StopReason): string {
  switch (reason.kind) {
    case 'interrupted':
      return 'the run was interrupted';
    case 'deadline':
      return 'the run deadline passed first';
    case 'critical_failure':
      return `critical stage ${reason.stage} failed`;
    case 'too_few_horizons':
      return `fewer than ${reason.required} horizons trained`;
  }
}
