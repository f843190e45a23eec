import { describe, expect, it } from 'vitest';
import { idStep } from '../../../../src/domain/data/table-roles.js';

/** Arithmetic test vectors: which number columns step like a row id. */
describe('idStep', () => {
  const n = 30;
  const range = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  it.each([
    ['a row number 1, 2, 3...', range((i) => i + 1), 1],
    ['a key counting down by 10', range((i) => 500_000 - 10 * i), -10],
    ['whole numbers stored as doubles (0.0, 1.0...)', range((i) => i), 1],
  ])('%s: an id stepping by its step', (_, values, step) => {
    expect(idStep(values)).toBe(step);
  });
  it.each([
    ['a constant', range(() => 7)],
    ['a step of 0.5 (not whole)', range((i) => i / 2)],
    ['non-whole values stepping by 1', range((i) => i + 0.25)],
    ['whole numbers increasing by varying steps (a population in thousands)', range((i) => 250_000 + i * 200 + (i % 3))],
    ['a row number with one row missing its value', range((i) => (i === 12 ? Number.NaN : i + 1))],
    ['a row number with one step skipped', range((i) => (i < 15 ? i + 1 : i + 2))],
  ])('%s: not an id', (_, values) => {
    expect(idStep(values)).toBeUndefined();
  });
});
