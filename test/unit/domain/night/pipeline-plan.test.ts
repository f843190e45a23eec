import { describe, expect, it } from 'vitest';
import { buildNightlyPlan, runsSideBySide, STAGE_KINDS } from '../../../../src/domain/night/pipeline-plan.js';
import { nextStep } from '../../../../src/domain/night/run-step.js';

describe('buildNightlyPlan', () => {
  it('orders export, quality, one train per horizon, predict, upload, evaluate', () => {
    const plan = buildNightlyPlan({ horizons: ['1m', '3m'], minHorizons: 2 });
    expect(plan.stages.map((s) => [s.name, s.critical, s.horizon])).toEqual([
      ['export', true, null],
      ['quality', true, null],
      ['train_1m', false, '1m'],
      ['train_3m', false, '3m'],
      ['predict', true, null],
      ['upload', true, null],
      ['evaluate', false, null],
    ]);
  });

  it('never asks for more horizons than the plan trains', () => {
    expect(buildNightlyPlan({ horizons: ['1m'], minHorizons: 3 }).minHorizons).toBe(1);
  });
});

describe('nextStep', () => {
  const ended = (names: readonly string[]) =>
    names.map((name) => ({ name, status: 'succeeded' as const, errorCode: null, error: null }));
  const progress = (names: readonly string[]) => ({
    outcomes: ended(names),
    interrupted: false,
    deadlinePassed: false,
  });

  it('runs the stages one at a time without sideBySide', () => {
    const plan = buildNightlyPlan({ horizons: ['1w', '1m', '3m'], minHorizons: 1 });
    const step = nextStep(plan, progress(['export', 'quality']));
    expect(step.kind === 'run' && step.stages.map((s) => s.name)).toEqual(['train_1w']);
  });

  it('with sideBySide, starts every train stage not yet run at once, and only those', () => {
    const plan = buildNightlyPlan({ horizons: ['1w', '1m', '3m'], minHorizons: 1, sideBySide: true });
    expect(plan.sideBySide).toBe(true);
    const names = (done: readonly string[]) => {
      const step = nextStep(plan, progress(done));
      return step.kind === 'run' ? step.stages.map((s) => s.name) : step.kind;
    };
    expect(names([])).toEqual(['export']);
    expect(names(['export'])).toEqual(['quality']);
    expect(names(['export', 'quality'])).toEqual(['train_1w', 'train_1m', 'train_3m']);
    expect(names(['export', 'quality', 'train_1m'])).toEqual(['train_1w', 'train_3m']);
    expect(names(['export', 'quality', 'train_1w', 'train_1m', 'train_3m'])).toEqual(['predict']);
  });

  it('only the train stages run side by side: the table says so', () => {
    expect(STAGE_KINDS.filter(runsSideBySide)).toEqual(['train']);
  });
});
