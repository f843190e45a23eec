import type { RunRecord } from './run.js';

/**
 * The closing words of a run log that the seed's tools grep for: its watchdog counts
 * failures by "CRITICAL FAILURE" / "PIPELINE EXCEPTION" and stops at "COMPLETED SUCCESSFULLY";
 * its README counts runs with `grep -l`.
 */
export type SeedMarker = 'COMPLETED SUCCESSFULLY' | 'CRITICAL FAILURE' | 'PIPELINE EXCEPTION';

/** The last line of a run's log. */
export interface RunVerdict {
  readonly marker: SeedMarker;
  readonly level: 'info' | 'error';
  /** Contains `marker` once; the rest is for people. */
  readonly message: string;
}

/**
 * How a run's log ends. A success or a partial success (predictions published, the seed's
 * `success: true`) completed; a run that failed or was stopped is a critical failure; a run
 * whose own process crashed or died (killed, powered off; closed by the watchdog) is a
 * pipeline exception, as the seed's orchestrator wrote for an exception of its own.
 */
export function runVerdict(run: RunRecord, how: { readonly crashed: boolean }): RunVerdict {
  const where = run.failed_stage === null ? '' : ` at ${run.failed_stage}`;
  const why = run.error === null ? '' : `: ${run.error}`;
  if (how.crashed) {
    return { marker: 'PIPELINE EXCEPTION', level: 'error', message: `PIPELINE EXCEPTION${where}${why}` };
  }
  if (run.state === 'success' || run.state === 'partial') {
    const partial = run.state === 'partial' ? ` (partly: ${run.error ?? 'a horizon failed'})` : '';
    return {
      marker: 'COMPLETED SUCCESSFULLY',
      level: 'info',
      message: `NIGHTLY PIPELINE COMPLETED SUCCESSFULLY${partial}`,
    };
  }
  const what = run.state === 'interrupted' ? 'Pipeline interrupted' : 'Pipeline stopped';
  return { marker: 'CRITICAL FAILURE', level: 'error', message: `CRITICAL FAILURE - ${what}${where}${why}` };
}
