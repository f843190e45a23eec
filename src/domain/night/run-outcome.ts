import type { ErrorCode } from '../errors.js';
import { EXIT, EXIT_CODE } from '../exit-codes.js';
import type { NightDelivery } from './delivery.js';
import type { NightlyPlan } from './pipeline-plan.js';
import type { RunState, StageStatus } from './run.js';

/** Exit codes of `cbi run` by final state; a failed run says more when its error code does. */
export const RUN_EXIT_CODE: Readonly<Record<Exclude<RunState, 'running'>, number>> = {
  success: EXIT.success,
  failed: EXIT.failed,
  partial: EXIT.partial,
  degraded: EXIT.degraded,
  interrupted: EXIT.interrupted,
};

/**
 * The exit code of a run that ended in `state` with `code`: a failed run whose error says bad
 * data (65), something unreachable (69), an unreadable or unwritable file (74) or a bug (70)
 * exits with that code; any other failure with 1.
 */
export function runExitCode(
  state: Exclude<RunState, 'running'>,
  code: ErrorCode | 'UNEXPECTED' | null,
): number {
  if (state !== 'failed' || code === null) return RUN_EXIT_CODE[state];
  const specific = EXIT_CODE[code];
  return specific === EXIT.interrupted || specific === EXIT.tryLater ? EXIT.failed : specific;
}

/** What the folding needs to know of one stage once the run has stopped. */
export interface StageOutcome {
  readonly name: string;
  readonly status: StageStatus;
  readonly errorCode: ErrorCode | 'UNEXPECTED' | null;
  readonly error: string | null;
}

export interface RunOutcome {
  readonly state: Exclude<RunState, 'running'>;
  readonly exitCode: number;
  readonly failedStage: string | null;
  readonly error: string | null;
  readonly errorCode: ErrorCode | 'UNEXPECTED' | null;
}

/** A stage that did its job, wholly or in part. */
const DONE: ReadonlySet<StageStatus> = new Set(['succeeded', 'partial']);

/** Whether the train stages so far leave the run able to meet `minHorizons`. */
export function enoughHorizonsTrained(plan: NightlyPlan, outcomes: readonly StageOutcome[]): boolean {
  const trainNames = new Set(plan.stages.filter((s) => s.kind === 'train').map((s) => s.name));
  const succeeded = outcomes.filter((o) => trainNames.has(o.name) && DONE.has(o.status)).length;
  return succeeded >= plan.minHorizons;
}

/**
 * Folds the stage outcomes of a stopped run into its final state. Order of precedence: an
 * interrupt; a critical stage failed or cut by the deadline; too few horizons trained; a
 * non-critical failure or a stage done in part (partial); success.
 */
export function foldRunOutcome(
  plan: NightlyPlan,
  outcomes: readonly StageOutcome[],
  stop: { readonly interrupted: boolean; readonly deadlinePassed: boolean },
): RunOutcome {
  const byName = new Map(outcomes.map((o) => [o.name, o]));
  const failure = (
    state: 'failed' | 'interrupted',
    stage: string | null,
    error: string | null,
    code: RunOutcome['errorCode'],
  ): RunOutcome => ({
    state,
    exitCode: runExitCode(state, code),
    failedStage: stage,
    error,
    errorCode: code,
  });

  if (stop.interrupted) {
    const cut =
      outcomes.find((o) => o.errorCode === 'INTERRUPTED') ??
      outcomes.find((o) => !DONE.has(o.status) && o.status !== 'skipped');
    return failure('interrupted', cut?.name ?? null, 'interrupted by a signal', 'INTERRUPTED');
  }
  for (const stage of plan.stages) {
    const outcome = byName.get(stage.name);
    if (stage.critical && outcome?.status === 'failed') {
      return failure('failed', stage.name, outcome.error, outcome.errorCode);
    }
  }
  if (stop.deadlinePassed) {
    const cut =
      plan.stages.find((s) => byName.get(s.name)?.errorCode === 'RUN_DEADLINE') ??
      plan.stages.find((s) => byName.get(s.name)?.status === 'not_run' || byName.get(s.name) === undefined);
    return failure(
      'failed',
      cut?.name ?? null,
      'the run deadline passed before the run finished',
      'RUN_DEADLINE',
    );
  }
  const trainStages = plan.stages.filter((s) => s.kind === 'train');
  if (trainStages.length > 0 && !enoughHorizonsTrained(plan, outcomes)) {
    const trained = trainStages.filter((s) => DONE.has(byName.get(s.name)?.status ?? 'not_run')).length;
    const firstFailed = trainStages.find((s) => byName.get(s.name)?.status === 'failed');
    const detail = firstFailed ? byName.get(firstFailed.name)?.error : null;
    return failure(
      'failed',
      firstFailed?.name ?? 'train',
      `only ${trained} of ${trainStages.length} horizons trained, at least ${plan.minHorizons} required${detail ? ` (${detail})` : ''}`,
      firstFailed ? (byName.get(firstFailed.name)?.errorCode ?? null) : null,
    );
  }
  // A non-critical stage that failed, or any stage done only in part (a library failed).
  const nonCritical = plan.stages.find((s) => {
    const status = byName.get(s.name)?.status;
    return (!s.critical && status === 'failed') || status === 'partial';
  });
  if (nonCritical) {
    const outcome = byName.get(nonCritical.name);
    return {
      state: 'partial',
      exitCode: RUN_EXIT_CODE.partial,
      failedStage: nonCritical.name,
      error: outcome?.error ?? null,
      errorCode: outcome?.errorCode ?? null,
    };
  }
  return {
    state: 'success',
    exitCode: RUN_EXIT_CODE.success,
    failedStage: null,
    error: null,
    errorCode: null,
  };
}

/**
 * A run whose stages did their job (success, partial) but whose delivery falls below what the
 * config expects is degraded: its own state and exit code, the delivery's summary as its error,
 * blamed on the predict stage. Any other outcome stands: a broken night stays failed.
 */
export function withDelivery(outcome: RunOutcome, delivery: NightDelivery | null): RunOutcome {
  if (delivery === null || delivery.met) return outcome;
  if (outcome.state !== 'success' && outcome.state !== 'partial') return outcome;
  return {
    state: 'degraded',
    exitCode: RUN_EXIT_CODE.degraded,
    failedStage: 'predict',
    error: delivery.summary,
    errorCode: null,
  };
}
