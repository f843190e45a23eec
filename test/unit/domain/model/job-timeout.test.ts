import { describe, expect, it } from 'vitest';
import { jobTimeoutMs } from '../../../../src/domain/model/job-timeout.js';

const MINUTE = 60_000;
const policy = { factor: 4, floorMs: 5 * MINUTE, ceilingMs: 60 * MINUTE, unmeasuredMs: 20 * MINUTE };

describe('jobTimeoutMs', () => {
  it.each([
    { name: 'nothing measured: the fixed limit', earlier: [], rows: 1000, expected: 20 * MINUTE },
    {
      name: 'only unknown costs (0 s): the fixed limit',
      earlier: [{ train_rows: 1000, seconds: 0 }],
      rows: 1000,
      expected: 20 * MINUTE,
    },
    {
      // 1170 s for 1200 rows (a seed XGBoost fold under load): 4 x 0.975 s/row x 1200 = 78 min, capped
      name: 'a slow job: 4x its cost, up to the ceiling',
      earlier: [{ train_rows: 1200, seconds: 1170 }],
      rows: 1200,
      expected: 60 * MINUTE,
    },
    {
      // 300 s for 1000 rows: 0.3 s/row x 1100 rows x 4 = 1320 s = 22 min, above the old fixed 20
      name: 'a job on more rows than measured: scaled by its rows',
      earlier: [{ train_rows: 1000, seconds: 300 }],
      rows: 1100,
      expected: 22 * MINUTE,
    },
    {
      // the embedded preset's seconds: 4 x 3 s is far under the floor
      name: 'a quick job: the floor, so a hung one is caught in minutes, not at the fixed 20',
      earlier: [{ train_rows: 1000, seconds: 3 }],
      rows: 1000,
      expected: 5 * MINUTE,
    },
    {
      // per row, the costliest earlier job sets the pace: 600 s / 1000 rows beats 100 s / 500 rows
      name: 'several measures: the costliest per row',
      earlier: [
        { train_rows: 500, seconds: 100 },
        { train_rows: 1000, seconds: 600 },
      ],
      rows: 500,
      expected: 20 * MINUTE,
    },
  ])('$name', ({ earlier, rows, expected }) => {
    expect(jobTimeoutMs(policy, earlier, rows)).toBe(expected);
  });

  it('never caps a costly job below a fixed limit configured above the ceiling', () => {
    const generous = { ...policy, unmeasuredMs: 120 * MINUTE };
    expect(jobTimeoutMs(generous, [{ train_rows: 1200, seconds: 1170 }], 1200)).toBe(78 * MINUTE);
  });
});
