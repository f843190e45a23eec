import { describe, expect, it } from 'vitest';
import { buildNightlyPlan } from '../../../../src/domain/night/pipeline-plan.js';
import type { StageStatus } from '../../../../src/domain/night/run.js';
import { foldRunOutcome, type StageOutcome } from '../../../../src/domain/night/run-outcome.js';

const plan = buildNightlyPlan({ horizons: ['1w', '1m', '3m', '6m', '12m'], minHorizons: 2 });
const names = plan.stages.map((s) => s.name);

/** Outcomes for the whole plan: every stage succeeded unless listed. */
function outcomes(overrides: Readonly<Record<string, StageStatus>>): StageOutcome[] {
  return names.map((name) => {
    const status = overrides[name] ?? 'succeeded';
    return {
      name,
      status,
      errorCode: status === 'failed' ? 'TRAINING_FAILED' : null,
      error: status === 'failed' ? `${name} broke` : null,
    };
  });
}

const notRunAfter = (stage: string): Record<string, StageStatus> =>
  Object.fromEntries(names.slice(names.indexOf(stage) + 1).map((n) => [n, 'not_run' as const]));

describe('foldRunOutcome', () => {
  it.each([
    {
      name: 'all stages succeed',
      stages: {},
      stop: {},
      expected: { state: 'success', exitCode: 0, failedStage: null },
    },
    {
      name: 'a skipped horizon (1w at monthly resolution) still succeeds',
      stages: { train_1w: 'skipped' },
      stop: {},
      expected: { state: 'success', exitCode: 0, failedStage: null },
    },
    {
      name: 'a critical stage fails',
      stages: { quality: 'failed', ...notRunAfter('quality') },
      stop: {},
      expected: { state: 'failed', exitCode: 1, failedStage: 'quality' },
    },
    {
      name: 'some horizons fail: partial success',
      stages: { train_1w: 'skipped', train_3m: 'failed' },
      stop: {},
      expected: { state: 'partial', exitCode: 3, failedStage: 'train_3m' },
    },
    {
      name: 'all horizons fail',
      stages: {
        train_1w: 'failed',
        train_1m: 'failed',
        train_3m: 'failed',
        train_6m: 'failed',
        train_12m: 'failed',
        ...notRunAfter('train_12m'),
      },
      stop: {},
      expected: { state: 'failed', exitCode: 1, failedStage: 'train_1w' },
    },
    {
      name: 'fewer horizons than minHorizons train',
      stages: {
        train_1w: 'skipped',
        train_1m: 'failed',
        train_3m: 'failed',
        train_6m: 'failed',
        ...notRunAfter('train_12m'),
      },
      stop: {},
      expected: { state: 'failed', exitCode: 1, failedStage: 'train_1m' },
    },
    {
      name: 'evaluate (not critical) fails: partial success',
      stages: { evaluate: 'failed' },
      stop: {},
      expected: { state: 'partial', exitCode: 3, failedStage: 'evaluate' },
    },
    {
      name: 'a horizon trained with one library only: partial success',
      stages: { train_1m: 'partial' },
      stop: {},
      expected: { state: 'partial', exitCode: 3, failedStage: 'train_1m' },
    },
    {
      name: 'horizons done in part count as trained for minHorizons',
      stages: {
        train_1w: 'failed',
        train_1m: 'partial',
        train_3m: 'partial',
        train_6m: 'failed',
        train_12m: 'failed',
      },
      stop: {},
      expected: { state: 'partial', exitCode: 3, failedStage: 'train_1w' },
    },
    {
      name: 'the deadline cuts the run',
      stages: { train_6m: 'not_run', ...notRunAfter('train_6m') },
      stop: { deadlinePassed: true },
      expected: { state: 'failed', exitCode: 1, failedStage: 'train_6m' },
    },
    {
      name: 'an interrupt ends the run',
      stages: { train_1m: 'failed', ...notRunAfter('train_1m') },
      stop: { interrupted: true },
      expected: { state: 'interrupted', exitCode: 130, failedStage: 'train_1m' },
    },
  ])('$name', ({ stages, stop, expected }) => {
    const outcome = foldRunOutcome(plan, outcomes(stages as Record<string, StageStatus>), {
      interrupted: false,
      deadlinePassed: false,
      ...stop,
    });
    expect({ state: outcome.state, exitCode: outcome.exitCode, failedStage: outcome.failedStage }).toEqual(
      expected,
    );
  });

  it('names the rule in the error when too few horizons trained', () => {
    const outcome = foldRunOutcome(
      plan,
      outcomes({
        train_1w: 'skipped',
        train_1m: 'failed',
        train_3m: 'failed',
        train_6m: 'failed',
        ...notRunAfter('train_12m'),
      }),
      { interrupted: false, deadlinePassed: false },
    );
    expect(outcome.error).toMatch(/^only 1 of 5 horizons trained, at least 2 required/);
  });

  it('fails the run with STAGE_TIMEOUT when a critical stage timed out on its last attempt', () => {
    const timedOut = names.map((name): StageOutcome => {
      if (name === 'predict')
        return { name, status: 'failed', errorCode: 'STAGE_TIMEOUT', error: 'predict timed out after 900 s' };
      return {
        name,
        status: ['upload', 'evaluate'].includes(name) ? 'not_run' : 'succeeded',
        errorCode: null,
        error: null,
      };
    });
    const outcome = foldRunOutcome(plan, timedOut, { interrupted: false, deadlinePassed: false });
    expect(outcome).toEqual({
      state: 'failed',
      exitCode: 1,
      failedStage: 'predict',
      error: 'predict timed out after 900 s',
      errorCode: 'STAGE_TIMEOUT',
    });
  });

  it('gives the deadline as the error code when the deadline cut the run', () => {
    const outcome = foldRunOutcome(plan, outcomes({ predict: 'not_run', ...notRunAfter('predict') }), {
      interrupted: false,
      deadlinePassed: true,
    });
    expect(outcome.errorCode).toBe('RUN_DEADLINE');
  });
});
