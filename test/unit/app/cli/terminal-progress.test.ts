import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TerminalProgress } from '../../../../src/app/cli/terminal-progress.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';
import { runningStage } from '../../../../src/domain/night/run-record.js';

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

  it('keeps one line for the horizons training side by side, and says each end as it comes', () => {
    const written: string[] = [];
    const progress = new TerminalProgress({ write: (t: string) => written.push(t) });
    const train = (horizon: '1w' | '1m' | '3m') =>
      ({ name: `train_${horizon}`, kind: 'train', critical: false, horizon }) as const;
    for (const h of ['1w', '1m', '3m'] as const) progress.onStageStart(train(h), 1, new Date());
    vi.advanceTimersByTime(2_000);
    expect(written.at(-1)).toContain('.. train_1w running 2.0 s · beside it train_1m, train_3m');
    progress.onStageEnd({
      ...runningStage(train('1w'), new Date()),
      status: 'succeeded',
      duration_seconds: 2,
      error: null,
      reason: null,
    });
    expect(written.at(-2)).toContain('ok train_1w succeeded in 2.0 s');
    vi.advanceTimersByTime(1_000);
    expect(written.at(-1)).toContain('.. train_1m running 3.0 s · beside it train_3m');
    progress.onRunEnd(runRecord('r', 'success', '2026-11-29T06:00:00Z'));
    const count = written.length;
    vi.advanceTimersByTime(5_000);
    expect(written.length).toBe(count); // the timer stopped with the run
  });
});
