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
  /** Contains `marker` once (a pipeline exception also "CRITICAL FAILURE"); the rest is for people. */
  readonly message: string;
}

/**
 * How a run's log ends. A success or a partial success (predictions published, the seed's
 * `success: true`) completed; a run that failed or was stopped, or a degraded night (its stages
 * worked, it delivered no current forecast: `success: false`), is a critical failure; a run
 * whose own process crashed or died (killed, powered off; closed by the watchdog) is a
 * pipeline exception, as the seed's orchestrator wrote for an exception of its own.
 */
export function runVerdict(run: RunRecord, how: { readonly crashed: boolean }): RunVerdict {
  const where = run.failed_stage === null ? '' : ` at ${run.failed_stage}`;
  const why = run.error === null ? '' : `: ${run.error}`;
  if (how.crashed) {
    // "CRITICAL FAILURE" too: the seed's README counts failed nights with `grep -l "CRITICAL FAILURE"`
    return {
      marker: 'PIPELINE EXCEPTION',
      level: 'error',
      message: `CRITICAL FAILURE - PIPELINE EXCEPTION${where}${why}`,
    };
  }
  if (run.state === 'success' || run.state === 'partial') {
    const partial = run.state === 'partial' ? ` (partly: ${run.error ?? 'a horizon failed'})` : '';
    return {
      marker: 'COMPLETED SUCCESSFULLY',
      level: 'info',
      message: `NIGHTLY PIPELINE COMPLETED SUCCESSFULLY${partial}`,
    };
  }
  if (run.state === 'degraded') {
    // the seed's `success` is false for it, so its watchdog retries it; the marker lets the same
    // watchdog count it towards "human intervention needed" instead of retrying it forever
    return {
      marker: 'CRITICAL FAILURE',
      level: 'error',
      message: `CRITICAL FAILURE - Night degraded, nothing current delivered: ${run.delivery?.summary ?? run.error ?? 'see the run status'}`,
    };
  }
  const what = run.state === 'interrupted' ? 'Pipeline interrupted' : 'Pipeline stopped';
  return { marker: 'CRITICAL FAILURE', level: 'error', message: `CRITICAL FAILURE - ${what}${where}${why}` };
}
