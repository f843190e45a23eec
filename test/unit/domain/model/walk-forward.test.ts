import { beforeAll, describe, expect, it } from 'vitest';
import {
  calendarFoldMonths,
  calendarPeriod,
  planWalkForward,
  trainingRows,
  type WalkForwardPlan,
} from '../../../../src/domain/model/walk-forward.js';
import { CbiTableBuilder } from '../../../builders/cbi-table.builder.js';
import { SoyOilTableBuilder } from '../../../builders/soy-oil-table.builder.js';

describe('calendarFoldMonths', () => {
  it.each([
    { frequency: 'monthly', foldRows: 1, expected: 1 },
    { frequency: 'monthly', foldRows: 6, expected: 6 },
    { frequency: 'daily', foldRows: 63, expected: 3 },
    { frequency: 'daily', foldRows: 21, expected: 1 },
    { frequency: 'daily', foldRows: 5, expected: 1 },
    { frequency: 'daily', foldRows: 126, expected: 6 },
    { frequency: 'daily', foldRows: 252, expected: 12 },
  ] as const)('$frequency, $foldRows rows a fold: $expected months', ({ frequency, foldRows, expected }) => {
    expect(calendarFoldMonths(frequency, foldRows)).toBe(expected);
  });
});

describe('calendarPeriod', () => {
  it.each([
    { date: '2025-01-02', months: 3, same: '2025-03-31', next: '2025-04-01' },
    { date: '2025-07-01', months: 3, same: '2025-09-30', next: '2025-10-01' },
    { date: '2024-12-31', months: 1, same: '2024-12-01', next: '2025-01-02' },
    { date: '2024-01-03', months: 12, same: '2024-12-31', next: '2025-01-02' },
    { date: '2025-02-01', months: 6, same: '2025-06-30', next: '2025-07-01' },
  ])('$date is in the period of $same, not of $next ($months months)', ({ date, months, same, next }) => {
    expect(calendarPeriod(date, months)).toBe(calendarPeriod(same, months));
    expect(calendarPeriod(next, months)).toBe(calendarPeriod(date, months) + 1);
  });

  it('refuses a date it cannot read', () => {
    expect(() => calendarPeriod('20250102', 3)).toThrow(RangeError);
  });
});

describe('planWalkForward', () => {
  let dates: readonly string[];
  let daily: readonly string[];
  beforeAll(async () => {
    dates = (await SoyOilTableBuilder.load()).rowDates(); // 429 real months, 1990-01 .. 2025-09
    daily = (await CbiTableBuilder.of('1m').fakeTable(21)).dates; // CBI-V14's real trading days
  }, 60_000);

  /** Every fold's training targets end by its cut; its validation rows are its period's. */
  function expectPurged(
    plan: WalkForwardPlan,
    labelKnown: readonly boolean[],
    h: number,
    on: readonly string[],
  ) {
    for (const fold of plan.folds) {
      const rows = trainingRows(labelKnown, fold.trainEnd);
      expect(fold.cutRow).toBe(Math.min(...fold.testRows));
      for (const row of rows) {
        // the training window [row, row + h] ends by the cut; every validation window [r, r + h] starts at or after it
        expect(row + h, `row ${on[row]}'s target window passes the cut ${fold.cutDate}`).toBeLessThanOrEqual(
          fold.cutRow,
        );
      }
      // nothing known at the cut is thrown away: the newest training target is the cut's own value
      expect((rows[rows.length - 1] ?? 0) + h).toBe(fold.cutRow);
    }
  }

  it.each([
    { h: 1, foldRows: 1 },
    { h: 3, foldRows: 1 },
    { h: 12, foldRows: 1 },
    { h: 3, foldRows: 6 },
    { h: 12, foldRows: 12 },
  ])(
    'never lets a training target window reach into a validation window (monthly, h $h, $foldRows months a fold)',
    ({ h, foldRows }) => {
      // The real table: the newest h rows have no target yet.
      const labelKnown = dates.map((_, i) => i + h < dates.length);
      const plan = planWalkForward({
        dates,
        labelKnown,
        horizonPeriods: h,
        folds: 6,
        foldRows,
        foldMonths: calendarFoldMonths('monthly', foldRows),
        minTrainRows: 24,
      });
      expect(plan.folds.length).toBeGreaterThanOrEqual(6);
      expect(plan.folds.length).toBeLessThanOrEqual(7);
      expectPurged(plan, labelKnown, h, dates);
      const validated = plan.folds.reduce((sum, f) => sum + f.testRows.length, 0);
      expect(validated).toBeGreaterThanOrEqual(6 * foldRows);
      for (const fold of plan.folds) {
        const periods = new Set(fold.testRows.map((r) => calendarPeriod(dates[r] ?? '', foldRows)));
        expect(periods.size).toBe(1);
      }
    },
  );

  it.each([
    { horizon: 21, foldRows: 63, folds: 4 },
    { horizon: 90, foldRows: 63, folds: 4 },
    { horizon: 5, foldRows: 21, folds: 4 },
  ])(
    "never lets a training target window reach into a validation window (CBI-V14's trading days, h $horizon, $foldRows rows a fold)",
    ({ horizon, foldRows, folds }) => {
      const labelKnown = daily.map((_, i) => i + horizon < daily.length);
      const plan = planWalkForward({
        dates: daily,
        labelKnown,
        horizonPeriods: horizon,
        folds,
        foldRows,
        foldMonths: calendarFoldMonths('daily', foldRows),
        minTrainRows: 60,
      });
      expectPurged(plan, labelKnown, horizon, daily);
      // the newest K x foldRows labelled rows are all validated, the oldest period whole
      const known = labelKnown.flatMap((k, i) => (k ? [i] : []));
      const validated = plan.folds.flatMap((f) => f.testRows);
      expect(validated).toEqual(expect.arrayContaining(known.slice(-folds * foldRows)));
      expect(validated[validated.length - 1]).toBe(known[known.length - 1]);
      // each cut is the first trading day of its calendar period
      for (const fold of plan.folds) {
        const before = daily[fold.cutRow - 1] ?? '';
        const months = calendarFoldMonths('daily', foldRows);
        expect(calendarPeriod(before, months)).toBe(calendarPeriod(fold.cutDate, months) - 1);
      }
    },
  );

  it("keeps every fold's cut and training rows when a trading day is added (CBI-V14's 1m dates, night after night)", () => {
    const h = 21;
    const plans = [];
    // 70 nights, one more trading day each: the table as it grew
    for (let end = daily.length - 70; end <= daily.length; end += 1) {
      const window = daily.slice(0, end);
      const labelKnown = window.map((_, i) => i + h < window.length);
      plans.push(
        planWalkForward({
          dates: window,
          labelKnown,
          horizonPeriods: h,
          folds: 4,
          foldRows: 63,
          foldMonths: 3,
          minTrainRows: 60,
        }),
      );
    }
    let changedCuts = 0;
    for (let night = 1; night < plans.length; night += 1) {
      const before = plans[night - 1]?.folds ?? [];
      const after = plans[night]?.folds ?? [];
      for (const fold of after) {
        const same = before.find((f) => f.cutDate === fold.cutDate);
        if (same === undefined) continue;
        // the same cut trains on the same rows; its validation only grows
        expect(fold.trainEnd).toBe(same.trainEnd);
        expect(fold.cutRow).toBe(same.cutRow);
        expect(fold.testRows.slice(0, same.testRows.length)).toEqual(same.testRows);
      }
      // at most one fold is new each night (a period begins), and every other fold of tonight was there last night
      const fresh = after.filter((f) => !before.some((b) => b.cutDate === f.cutDate));
      expect(fresh.length).toBeLessThanOrEqual(1);
      changedCuts += fresh.length;
      expect(plans[night]?.finalTrainEnd).toBe((plans[night - 1]?.finalTrainEnd ?? 0) + 1);
    }
    // 70 trading days pass at least one quarter start
    expect(changedCuts).toBeGreaterThanOrEqual(1);
  });

  it('cuts on calendar boundaries: arithmetic vector (quarters, h 2, 2 folds of 3 rows)', () => {
    // one row a month from 2024-01 to 2025-02: rows 0..13; h = 2 leaves rows 0..11 labelled
    const window = Array.from({ length: 14 }, (_, i) => {
      const month = i % 12;
      return `${2024 + Math.floor(i / 12)}-${String(month + 1).padStart(2, '0')}-01`;
    });
    const labelKnown = window.map((_, i) => i + 2 < window.length);
    const plan = planWalkForward({
      dates: window,
      labelKnown,
      horizonPeriods: 2,
      folds: 2,
      foldRows: 3,
      foldMonths: 3,
      minTrainRows: 1,
    });
    // the newest 6 labelled rows are 6..11 (2024-07 .. 2024-12): the quarters 2024-Q3 and Q4
    expect(plan.folds.map((f) => [f.cutDate, f.testRows, f.trainEnd])).toEqual([
      ['2024-07-01', [6, 7, 8], 5],
      ['2024-10-01', [9, 10, 11], 8],
    ]);
    // one more month: row 12 (2025-01) is labelled; Q1 2025 begins, and Q3 2024 (row 7 is among
    // the newest 6) stays whole, with the same cut and training rows
    const longer = [...window, '2025-03-01'];
    const next = planWalkForward({
      dates: longer,
      labelKnown: longer.map((_, i) => i + 2 < longer.length),
      horizonPeriods: 2,
      folds: 2,
      foldRows: 3,
      foldMonths: 3,
      minTrainRows: 1,
    });
    expect(next.folds.map((f) => [f.cutDate, f.testRows, f.trainEnd])).toEqual([
      ['2024-07-01', [6, 7, 8], 5],
      ['2024-10-01', [9, 10, 11], 8],
      ['2025-01-01', [12], 11],
    ]);
    expect(next.finalTrainEnd).toBe(13);
  });

  it('takes the newest monthly rows with a known target, one fold a month, in an expanding window', () => {
    const h = 3;
    const labelKnown = dates.map((_, i) => i + h < dates.length);
    const plan = planWalkForward({
      dates,
      labelKnown,
      horizonPeriods: h,
      folds: 4,
      foldRows: 1,
      foldMonths: 1,
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
        planWalkForward({
          dates: window,
          labelKnown,
          horizonPeriods: h,
          folds,
          foldRows: 1,
          foldMonths: 1,
          minTrainRows,
        }).folds,
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
      foldMonths: 1,
      minTrainRows: 10,
    });
    expect(plan.folds.map((f) => f.testRows)).toEqual([[35], [36], [38]]);
    expect(trainingRows(labelKnown, plan.folds[2]?.trainEnd ?? 0)).not.toContain(37);
    expect(trainingRows(labelKnown, plan.folds[2]?.trainEnd ?? 0)).not.toContain(10);
  });
});
