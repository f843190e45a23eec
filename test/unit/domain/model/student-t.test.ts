import { describe, expect, it } from 'vitest';
import { studentTUpperTail } from '../../../../src/domain/model/student-t.js';

describe('studentTUpperTail', () => {
  // arithmetic vectors: scipy.stats.t.sf(t, df), scipy 1.17.1
  it.each([
    { t: 0.5, df: 3, expected: 0.3257239824240755 },
    { t: 2.0, df: 11, expected: 0.03540197753401729 },
    { t: -1.3, df: 7, expected: 0.8826160823038114 },
    { t: 3.7, df: 251, expected: 0.00013247006021703493 },
    { t: 0, df: 5, expected: 0.5 },
    { t: 12, df: 2, expected: 0.00343646683857923 },
  ])('P(T > $t) with $df degrees of freedom', ({ t, df, expected }) => {
    expect(studentTUpperTail(t, df)).toBeCloseTo(expected, 12);
  });

  it('refuses a distribution without degrees of freedom', () => {
    expect(() => studentTUpperTail(1, 0)).toThrow(RangeError);
  });
});
