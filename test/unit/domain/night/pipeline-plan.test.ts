import { describe, expect, it } from 'vitest';
import { buildNightlyPlan } from '../../../../src/domain/night/pipeline-plan.js';

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
