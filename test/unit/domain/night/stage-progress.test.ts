import { describe, expect, it } from 'vitest';
import { secondsLeft, typicalStageSeconds } from '../../../../src/domain/night/stage-progress.js';
import { finishedRun, runRecord } from '../../../../src/testing/contracts/run-records.js';
import { stageRecord } from '../../../../src/domain/night/run-record.js';

describe('secondsLeft', () => {
  it.each([
    { elapsedSeconds: 60, done: 0.25, typicalSeconds: 600, expected: 180 },
    { elapsedSeconds: 60, done: 1, typicalSeconds: null, expected: 0 },
    { elapsedSeconds: 60, done: 0, typicalSeconds: 600, expected: 540 },
    { elapsedSeconds: 60, done: null, typicalSeconds: 600, expected: 540 },
    { elapsedSeconds: 700, done: null, typicalSeconds: 600, expected: 0 },
    { elapsedSeconds: 60, done: null, typicalSeconds: null, expected: null },
  ])('after $elapsedSeconds s with $done done (usually $typicalSeconds s): $expected s', (row) => {
    expect(secondsLeft(row)).toBe(row.expected);
  });
});

describe('typicalStageSeconds', () => {
  const night = (runId: string, train: number, status: 'succeeded' | 'failed' = 'succeeded') =>
    runRecord(runId, 'success', '2026-11-28T23:59:00Z', {
      stages: [
        stageRecord(
          { name: 'train_1m', kind: 'train', critical: false, horizon: '1m' },
          {
            status,
            startedAt: new Date('2026-11-28T23:59:00Z'),
            endedAt: new Date(Date.parse('2026-11-28T23:59:00Z') + train * 1000),
            attempts: 1,
            error: null,
            reason: null,
            details: null,
          },
        ),
      ],
    });

  it('takes the median of the nights a stage did its job, leaving failures out', () => {
    const typical = typicalStageSeconds([
      night('a', 100),
      night('b', 300),
      night('c', 200),
      night('d', 5, 'failed'),
    ]);
    expect(typical.get('train_1m')).toBe(200);
    expect(typicalStageSeconds([night('a', 100), night('b', 300)]).get('train_1m')).toBe(200);
    expect(typicalStageSeconds([finishedRun('r')]).get('export')).toBe(40);
  });
});
