import { describe, expect, it } from 'vitest';
import type { RunRecord, StageRecord } from '../../../../src/domain/night/run.js';
import { sideBySideTimeoutsMs, stageTimeoutMs } from '../../../../src/domain/night/stage-timeout.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';

const MINUTE = 60_000;
const policy = { factor: 2, nights: 3 };

/** A run whose only stage is `name`, ended as given (the fields the limit reads). */
function night(
  runId: string,
  name: string,
  status: StageRecord['status'],
  attempts: number,
  seconds: number,
): RunRecord {
  const base = runRecord(runId, 'success', '2026-11-28T23:59:00Z');
  const stage = { name, status, attempts, duration_seconds: seconds } as StageRecord;
  return { ...base, stages: [stage] };
}

describe('stageTimeoutMs', () => {
  it('is the configured limit with no history, and when recent nights took less than half of it', () => {
    expect(stageTimeoutMs(policy, 60 * MINUTE, 'train_1m', [])).toBe(60 * MINUTE);
    expect(
      stageTimeoutMs(policy, 60 * MINUTE, 'train_1m', [night('a', 'train_1m', 'succeeded', 1, 600)]),
    ).toBe(60 * MINUTE);
  });

  it('is factor x the longest one-attempt success of the same stage over the last `nights` runs', () => {
    const recent = [
      night('c', 'train_1m', 'succeeded', 1, 2_400), // 40 min
      night('b', 'train_1m', 'succeeded', 1, 3_000), // 50 min: the longest
      night('a', 'train_3m', 'succeeded', 1, 3_500), // another stage
    ];
    expect(stageTimeoutMs(policy, 60 * MINUTE, 'train_1m', recent)).toBe(100 * MINUTE);
    // a night beyond the window does not count
    expect(stageTimeoutMs({ factor: 2, nights: 1 }, 60 * MINUTE, 'train_1m', recent)).toBe(80 * MINUTE);
    expect(stageTimeoutMs({ factor: 2, nights: 0 }, 60 * MINUTE, 'train_1m', recent)).toBe(60 * MINUTE);
  });

  it('ignores failed stages and retried ones (their time is not one attempt’s)', () => {
    const recent = [
      night('b', 'train_1m', 'failed', 1, 3_600),
      night('a', 'train_1m', 'succeeded', 3, 9_000),
    ];
    expect(stageTimeoutMs(policy, 60 * MINUTE, 'train_1m', recent)).toBe(60 * MINUTE);
  });
});

describe('sideBySideTimeoutsMs', () => {
  it('gives each stage beside the others the running sum of the limits up to its own', () => {
    expect(sideBySideTimeoutsMs([60, 60, 90, 60])).toEqual([60, 120, 210, 270]);
    expect(sideBySideTimeoutsMs([45])).toEqual([45]);
    expect(sideBySideTimeoutsMs([])).toEqual([]);
  });
});
