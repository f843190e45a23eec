import { describe, expect, it } from 'vitest';
import { dieboldMariano } from '../../../../src/domain/model/diebold-mariano.js';

// Arithmetic vectors: losses made up for the arithmetic, the expected values computed
// independently with numpy and scipy.stats.t.sf (Newey-West lag h - 1, HLN factor, t(n - 1)).
const model12 = [1.2, 0.8, 2.5, 1.9, 0.4, 3.1, 2.2, 1.0, 0.7, 1.6, 2.8, 0.9];
const naive12 = [1.5, 1.1, 2.4, 2.6, 0.9, 3.0, 2.9, 1.8, 0.6, 2.1, 3.3, 1.2];
const model8 = [4.0, 3.5, 5.1, 2.2, 6.3, 1.8, 3.9, 4.4];
const naive8 = [3.8, 3.9, 4.7, 2.9, 6.0, 2.6, 3.5, 4.9];

describe('dieboldMariano', () => {
  it.each([
    {
      name: '12 forecasts, h 1 (dm.test exactly)',
      m: model12,
      b: naive12,
      h: 1,
      statistic: 3.8743169853951063,
      p: 0.0012942976234880412,
      lag: 0,
    },
    {
      name: '12 forecasts, h 3',
      m: model12,
      b: naive12,
      h: 3,
      statistic: 7.0445190402855955,
      p: 1.070883874059003e-5,
      lag: 2,
    },
    {
      name: '8 forecasts, h 2',
      m: model8,
      b: naive8,
      h: 2,
      statistic: 1.900510536278992,
      p: 0.04956578346543372,
      lag: 1,
    },
  ])('$name', ({ m, b, h, statistic, p, lag }) => {
    const result = dieboldMariano(m, b, h);
    expect(result?.statistic).toBeCloseTo(statistic, 10);
    expect(result?.pValue).toBeCloseTo(p, 12);
    expect(result?.lag).toBe(lag);
    expect(result?.forecasts).toBe(m.length);
  });

  it('is symmetric: the benchmark against the model has the opposite statistic', () => {
    const there = dieboldMariano(model12, naive12, 3);
    const back = dieboldMariano(naive12, model12, 3);
    expect(back?.statistic).toBeCloseTo(-(there?.statistic ?? 0), 12);
    expect((back?.pValue ?? 0) + (there?.pValue ?? 0)).toBeCloseTo(1, 12);
  });

  it('leaves out pairs with a missing loss', () => {
    const withGap = dieboldMariano([...model12, Number.NaN], [...naive12, 4], 1);
    expect(withGap?.forecasts).toBe(12);
    expect(withGap?.statistic).toBeCloseTo(3.8743169853951063, 10);
  });

  it.each([
    { name: 'fewer than 3 forecasts', m: [1, 2], b: [2, 3], h: 1 },
    { name: 'every differential the same', m: [1, 2, 3, 4], b: [2, 3, 4, 5], h: 1 },
    { name: 'a horizon too long for the forecasts (HLN factor <= 0)', m: model12, b: naive12, h: 12 },
  ])('has no verdict with $name', ({ m, b, h }) => {
    expect(dieboldMariano(m, b, h)).toBeUndefined();
  });
});
