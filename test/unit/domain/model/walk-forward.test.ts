import { beforeAll, describe, expect, it } from 'vitest';
import { planWalkForward, trainingRows } from '../../../../src/domain/model/walk-forward.js';
import { SoyOilTableBuilder } from '../../../builders/soy-oil-table.builder.js';

describe('planWalkForward', () => {
  let dates: readonly string[];
  beforeAll(async () => {
    dates = (await SoyOilTableBuilder.load()).rowDates(); // 429 real months, 1990-01 .. 2025-09
  });

  it.each([1, 3, 6, 12])('never trains a %i-month fold on a target dated after its cut', (h) => {
    // The real table: the newest h rows have no target yet.
    const labelKnown = dates.map((_, i) => i + h < dates.length);
    const plan = planWalkForward({ dates, labelKnown, horizonPeriods: h, folds: 12, minTrainRows: 24 });
    expect(plan.folds).toHaveLength(12);
    for (const fold of plan.folds) {
      const rows = trainingRows(labelKnown, fold.trainEnd);
      expect(rows.length).toBeGreaterThanOrEqual(24);
      for (const row of rows) {
        const targetDate = dates[row + h] ?? 'a row that does not exist';
        expect(
          targetDate <= fold.cutDate,
          `row ${dates[row]}'s target ${targetDate} is after the cut ${fold.cutDate}`,
        ).toBe(true);
      }
      // the newest training target is the cut itself: nothing known is thrown away
      expect(dates[(rows[rows.length - 1] ?? 0) + h]).toBe(fold.cutDate);
      expect(fold.targetDate > fold.cutDate).toBe(true);
      expect(dates[fold.testRow]).toBe(fold.cutDate);
    }
  });

  it('takes the last K rows with a known target as folds, oldest first, in an expanding window', () => {
    const h = 3;
    const labelKnown = dates.map((_, i) => i + h < dates.length);
    const plan = planWalkForward({ dates, labelKnown, horizonPeriods: h, folds: 4, minTrainRows: 24 });
    expect(plan.folds.map((f) => [f.cutDate, f.targetDate])).toEqual([
      ['2025-03-01', '2025-06-01'],
      ['2025-04-01', '2025-07-01'],
      ['2025-05-01', '2025-08-01'],
      ['2025-06-01', '2025-09-01'],
    ]);
    // 429 rows; rows 0..425 have a target; folds test rows 422..425 and train on rows 0..testRow - 3
    expect(plan.folds.map((f) => [f.testRow, f.trainEnd])).toEqual([
      [422, 420],
      [423, 421],
      [424, 422],
      [425, 423],
    ]);
    expect(plan.finalTrainEnd).toBe(dates.length - h);
    expect(plan.latestRow).toBe(dates.length - 1);
    expect(dates[plan.latestRow]).toBe('2025-09-01');
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
        planWalkForward({ dates: window, labelKnown, horizonPeriods: h, folds, minTrainRows }).folds,
      ).toHaveLength(expected);
    },
  );

  it('skips rows whose target is missing, in training and as folds', () => {
    const h = 1;
    const window = dates.slice(0, 40);
    const labelKnown = window.map((_, i) => i + h < window.length && i !== 37 && i !== 10);
    const plan = planWalkForward({
      dates: window,
      labelKnown,
      horizonPeriods: h,
      folds: 3,
      minTrainRows: 10,
    });
    expect(plan.folds.map((f) => f.testRow)).toEqual([35, 36, 38]);
    expect(trainingRows(labelKnown, plan.folds[2]?.trainEnd ?? 0)).not.toContain(37);
    expect(trainingRows(labelKnown, plan.folds[2]?.trainEnd ?? 0)).not.toContain(10);
  });
});
