import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TerminalProgress } from '../../../../src/app/cli/terminal-progress.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';

describe('TerminalProgress', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-29T06:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  const stage = { name: 'train_1m', kind: 'train', critical: false, horizon: '1m' } as const;

  it('shows the library, fold k of n, rounds done and the time left inside a long stage', () => {
    const written: string[] = [];
    const progress = new TerminalProgress(
      { write: (t: string) => written.push(t) },
      new Map([['train_1m', 600]]),
    );
    progress.onStageStart(stage, 1, new Date());
    // nothing done yet: the estimate comes from earlier nights
    expect(written.at(-1)).toContain('about 10 min 00 s left (earlier nights)');
    vi.advanceTimersByTime(60_000);
    progress.onStageProgress(stage, {
      library: 'lightgbm',
      jobsDone: 3,
      jobs: 13,
      fold: 4,
      folds: 12,
      roundsDone: 4500,
      rounds: 19500,
    });
    vi.advanceTimersByTime(1_000);
    const line = written.at(-1) ?? '';
    expect(line).toContain('train_1m running 1 min 01 s');
    expect(line).toContain('lightgbm fold 4/12, rounds 4500/19500');
    // 61 s for 4500 of 19500 rounds: 61 x 15000 / 4500 = 203 s
    expect(line).toContain('about 3 min 23 s left for lightgbm');
    progress.onRunEnd(runRecord('r', 'success', '2026-11-29T06:00:00Z'));
    expect(written.at(-1)).toContain('run r: success');
  });
});
