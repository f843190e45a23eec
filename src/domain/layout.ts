import type { Horizon } from './horizon.js';

/**
 * The seed's on-disk layout, as keys relative to the home ('/' separated). DESIGN.md, "On disk".
 */
export const LAYOUT = {
  nightlyLogs: 'Logs/nightly',
  lastRunStatus: 'Logs/nightly/last_run_status.json',
  currentRun: 'Logs/nightly/current_run.json',
  runHistory: 'Logs/nightly/runs',
  runLock: 'Logs/nightly/run.lock',
  watchdogLock: 'Logs/nightly/watchdog.lock',
  incident: 'Logs/nightly/incident.json',
  watchdogLog: 'Logs/nightly/watchdog.log',
  daemonStdout: 'Logs/nightly/daemon_stdout.log',
  daemonStderr: 'Logs/nightly/daemon_stderr.log',
  exports: 'TrainingData/exports',
  models: 'Models/local',
  /** Trained walk-forward models by what determines them (`<key>.fold`), reused night after night. */
  foldCache: 'Models/fold_cache',
} as const;

/**
 * The seed's one surface, `prod`: a constant segment of its file and table names
 * (`zl_training_prod_allhistory_<h>`, `Models/local/horizon_<h>/prod/`), and the `surface` field
 * of its records. Nothing else was ever trained, so it is not a parameter.
 */
export const SURFACE = 'prod';

/** The run's log for people and the seed's greps (ends COMPLETED SUCCESSFULLY, CRITICAL FAILURE or PIPELINE EXCEPTION). */
export function runLogKey(runId: string): string {
  return `${LAYOUT.nightlyLogs}/nightly_pipeline_${runId}.log`;
}

/** The same events as JSON lines, one per event. */
export function runEventsKey(runId: string): string {
  return `${LAYOUT.nightlyLogs}/nightly_pipeline_${runId}.jsonl`;
}

export function runHistoryKey(runId: string): string {
  return `${LAYOUT.runHistory}/${runId}.json`;
}

export function exportKey(horizon: Horizon): string {
  return `${LAYOUT.exports}/zl_training_${SURFACE}_allhistory_${horizon}.parquet`;
}

export function exportManifestKey(horizon: Horizon): string {
  return `${exportKey(horizon)}.manifest.json`;
}

/** `Models/local/horizon_<h>/prod`: a horizon's model versions and its champion. */
export function modelHorizonKey(horizon: Horizon): string {
  return `${LAYOUT.models}/horizon_${horizon}/${SURFACE}`;
}

export function championKey(horizon: Horizon): string {
  return `${modelHorizonKey(horizon)}/champion.json`;
}

/**
 * `Models/local/horizon_<h>/prod/price_history.json`: the real prices of the horizon's table up to
 * its newest trusted row, as the last predict stage read them (the report draws them).
 */
export function priceHistoryKey(horizon: Horizon): string {
  return `${modelHorizonKey(horizon)}/price_history.json`;
}

/** `Models/local/horizon_<h>/prod/set_aside/<model>/<version>`: where a corrupt version is kept. */
export function setAsideKey(horizon: Horizon, model: string, version: string): string {
  return `${modelHorizonKey(horizon)}/set_aside/${model}/${version}`;
}

/** `Models/fold_cache/<key>.fold`: one cached model, its key the sha256 of what trained it. */
export function foldCacheKey(key: string): string {
  return `${LAYOUT.foldCache}/${key}.fold`;
}

/**
 * A run id as the seed wrote them, from the run's start in UTC: `YYYYMMDD_HHMMSS`.
 * Sortable as text; the history is ordered by it.
 */
export function formatRunId(start: Date): string {
  const iso = start.toISOString(); // 2026-11-29T10:37:55.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
