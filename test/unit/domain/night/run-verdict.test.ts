import { describe, expect, it } from 'vitest';
import { runVerdict } from '../../../../src/domain/night/run-verdict.js';
import type { RunState } from '../../../../src/domain/night/run.js';
import { runRecord } from '../../../../src/testing/contracts/run-records.js';

describe('runVerdict', () => {
  it.each([
    { state: 'success', crashed: false, marker: 'COMPLETED SUCCESSFULLY', level: 'info' },
    { state: 'partial', crashed: false, marker: 'COMPLETED SUCCESSFULLY', level: 'info' },
    { state: 'failed', crashed: false, marker: 'CRITICAL FAILURE', level: 'error' },
    { state: 'interrupted', crashed: false, marker: 'CRITICAL FAILURE', level: 'error' },
    { state: 'degraded', crashed: false, marker: 'CRITICAL FAILURE', level: 'error' },
    { state: 'failed', crashed: true, marker: 'PIPELINE EXCEPTION', level: 'error' },
  ] as const)('a $state run (crashed $crashed) ends with $marker', ({ state, crashed, marker, level }) => {
    const verdict = runVerdict(runRecord('r', state as RunState, '2026-01-05T23:59:00Z'), { crashed });
    expect(verdict).toMatchObject({ marker, level });
    expect(verdict.message).toContain(marker);
    // a seed tool counting failures never counts a success, and the other way round; a crash is
    // also a critical failure to the seed README's `grep -l "CRITICAL FAILURE"`
    const others = ['COMPLETED SUCCESSFULLY', 'CRITICAL FAILURE', 'PIPELINE EXCEPTION'].filter(
      (m) => m !== marker && !(crashed && m === 'CRITICAL FAILURE'),
    );
    for (const other of others) expect(verdict.message).not.toContain(other);
    if (marker !== 'COMPLETED SUCCESSFULLY') expect(verdict.message).toContain('CRITICAL FAILURE');
  });

  it('names the stage and the error of a failure', () => {
    const run = runRecord('r', 'failed', '2026-01-05T23:59:00Z', {
      failedStage: 'quality',
      error: 'stale data',
    });
    expect(runVerdict(run, { crashed: false }).message).toBe(
      'CRITICAL FAILURE - Pipeline stopped at quality: stale data',
    );
  });
});
