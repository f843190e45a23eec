import type { StageResult } from '../../src/app/night/stage.js';
import type { Horizon } from '../../src/domain/horizon.js';
import { buildNightlyPlan } from '../../src/domain/night/pipeline-plan.js';
import type { RunRecord, RunState } from '../../src/domain/night/run.js';
import { runRecord, stageRecord } from '../../src/domain/night/run-record.js';

/**
 * The run record of a night whose ML stages really ran (runMlNight on real series): each
 * stage's result becomes its record, as the stage runner writes it. Stages not in `results`
 * did not run.
 */
export function nightRecord(
  runId: string,
  start: Date,
  horizons: readonly Horizon[],
  results: ReadonlyMap<string, StageResult>,
  state: RunState = 'success',
): RunRecord {
  const plan = buildNightlyPlan({ horizons, minHorizons: 1 });
  const stages = plan.stages.map((stage, i) => {
    const result = results.get(stage.name);
    const at = new Date(start.getTime() + i * 1000);
    return stageRecord(stage, {
      status: result?.status ?? 'not_run',
      startedAt: result === undefined ? null : at,
      endedAt: result === undefined ? null : new Date(at.getTime() + 900),
      attempts: result === undefined ? 0 : 1,
      error: result?.status === 'partial' ? result.problem : null,
      reason: result?.status === 'skipped' ? result.reason : null,
      details: result?.details ?? null,
    });
  });
  return runRecord(
    {
      runId,
      trigger: 'schedule',
      horizons,
      pid: 4242,
      host: 'test-host',
      startedAt: start,
      deadline: new Date(start.getTime() + 4 * 3_600_000),
    },
    stages,
    state === 'running'
      ? undefined
      : {
          endedAt: new Date(start.getTime() + plan.stages.length * 1000),
          outcome: {
            state,
            exitCode: state === 'success' ? 0 : 1,
            failedStage: null,
            error: null,
            errorCode: null,
          },
        },
  );
}
