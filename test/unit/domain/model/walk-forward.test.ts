import { beforeAll, describe, expect, it } from 'vitest';
import { planWalkForward, trainingRows } from '../../../../src/domain/model/walk-forward.js';
import { SoyOilTableBuilder } from '../../../builders/soy-oil-table.builder.js';

describe('planWalkForward', () => {
  let dates: readonly string[];
  beforeAll(async () => {
    dates = (await SoyOilTableBuilder.load()).rowDates(); // 429 real months, 1990-01 .. 2025-09
  });

  it.each([
    { h: 1, foldRows: 1 },
    { h: 3, foldRows: 1 },
    { h: 12, foldRows: 1 },
    { h: 3, foldRows: 6 },
    { h: 12, foldRows: 10 },
  ])(
    'never lets a training target window reach into a validation window (h $h, $foldRows rows a fold)',
    ({ h, foldRows }) => {
      // The real table: the newest h rows have no target yet.
      const labelKnown = dates.map((_, i) => i + h < dates.length);
      const plan = planWalkForward({
        dates,
        labelKnown,
        horizonPeriods: h,
        folds: 6,
        foldRows,
        minTrainRows: 24,
      });
      expect(plan.folds).toHaveLength(6);
      for (const fold of plan.folds) {
        const rows = trainingRows(labelKnown, fold.trainEnd);
        expect(rows.length).toBeGreaterThanOrEqual(24);
        const firstValidation = Math.min(...fold.testRows);
        expect(fold.cutRow).toBe(firstValidation);
        for (const row of rows) {
          // the training window [row, row + h] ends by the cut; every validation window [r, r + h] starts at or after it
          expect(
            row + h,
            `row ${dates[row]}'s target window passes the cut ${fold.cutDate}`,
          ).toBeLessThanOrEqual(fold.cutRow);
        }
        // nothing known at the cut is thrown away: the newest training target is the cut's own value
        expect((rows[rows.length - 1] ?? 0) + h).toBe(fold.cutRow);
        expect(fold.testRows).toHaveLength(foldRows);
      }
    },
  );

  it('takes the newest rows with a known target as K blocks, oldest first, in an expanding window', () => {
    const h = 3;
    const labelKnown = dates.map((_, i) => i + h < dates.length);
    const plan = planWalkForward({
      dates,
      labelKnown,
      horizonPeriods: h,
      folds: 4,
      foldRows: 1,
      minTrainRows: 24,
    });
    expect(plan.folds.map((f) => f.cutDate)).toEqual([
      '2025-03-01',
      '2025-04-01',
      '2025-05-01',
      '2025-06-01',
    ]);
    // 429 rows; rows 0..425 have a target; folds test rows 422..425 and train on rows 0..testRow - 3
    expect(plan.folds.map((f) => [f.testRows, f.trainEnd])).toEqual([
      [[422], 420],
      [[423], 421],
      [[424], 422],
      [[425], 423],
    ]);
    expect(plan.finalTrainEnd).toBe(dates.length - h);
  });

  it('cuts the validation rows into consecutive blocks, the newest ending at the last known target', () => {
    const h = 6;
    const labelKnown = dates.map((_, i) => i + h < dates.length);
    const plan = planWalkForward({
      dates,
      labelKnown,
      horizonPeriods: h,
      folds: 3,
      foldRows: 4,
      minTrainRows: 24,
    });
    const last = dates.length - h - 1;
    expect(plan.folds.map((f) => f.testRows)).toEqual([
      [last - 11, last - 10, last - 9, last - 8],
      [last - 7, last - 6, last - 5, last - 4],
      [last - 3, last - 2, last - 1, last],
    ]);
    expect(plan.folds.map((f) => f.trainEnd)).toEqual([
      last - 11 - h + 1,
      last - 7 - h + 1,
      last - 3 - h + 1,
    ]);
  });

  it.each([
    { rows: 30, folds: 12, minTrainRows: 24, h: 1, expected: 5 },
    { rows: 30, folds: 12, minTrainRows: 24, h: 6, expected: 0 },
    { rows: 40, folds: 3, minTrainRows: 10, h: 12, expected: 3 },
  ])(
    'drops folds with fewer than $minTrainRows training rows ($rows rows, h $h)',
    ({ rows, folds, minTrainRows, h, expected }) => {
      const window = dates.slice(0, rows);
      const labelKnown = window.map((_, i) => i + h < window.length);
      expect(
        planWalkForward({ dates: window, labelKnown, horizonPeriods: h, folds, foldRows: 1, minTrainRows })
          .folds,
      ).toHaveLength(expected);
    },
  );

  it('skips rows whose target is missing or untrusted, in training and as validation rows', () => {
    const h = 1;
    const window = dates.slice(0, 40);
    const labelKnown = window.map((_, i) => i + h < window.length && i !== 37 && i !== 10);
    const plan = planWalkForward({
      dates: window,
      labelKnown,
      horizonPeriods: h,
      folds: 3,
      foldRows: 1,
      minTrainRows: 10,
    });
    expect(plan.folds.map((f) => f.testRows)).toEqual([[35], [36], [38]]);
    expect(trainingRows(labelKnown, plan.folds[2]?.trainEnd ?? 0)).not.toContain(37);
    expect(trainingRows(labelKnown, plan.folds[2]?.trainEnd ?? 0)).not.toContain(10);
  });
});
