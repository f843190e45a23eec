import { LAYOUT } from '../layout.js';

/** How much of the past a home keeps. */
export interface RetentionPolicy {
  /** Run logs (`nightly_pipeline_<run_id>.log` / `.jsonl`) older than this are deleted. */
  readonly runLogDays: number;
  /** Model versions older than this are deleted (never a kept one: see RetentionFacts). */
  readonly modelVersionDays: number;
  /** The newest this many prediction files (`Models/local/predictions/<run_id>.json`) are kept. */
  readonly predictionFiles: number;
  /** The newest this many run history entries (`Logs/nightly/runs/<run_id>.json`) are kept. */
  readonly historyRuns: number;
  /** A daemon or watchdog log over this size keeps only its newest half. */
  readonly daemonLogBytes: number;
  /** Fold cache entries (`Models/fold_cache/<key>.fold`) unused for longer than this are deleted. */
  readonly foldCacheDays: number;
}

/** A file of the home, with what retention judges it by. */
export interface HomeFile {
  /** Relative to the home, '/' separated. */
  readonly key: string;
  readonly bytes: number;
  readonly modifiedAt: Date;
}

export interface RetentionFacts {
  readonly now: Date;
  /** The files under Logs/nightly, Models/local, Models/fold_cache and TrainingData/exports (temporaries included). */
  readonly files: readonly HomeFile[];
  /** Runs whose files are never touched: tonight's, and a live run's that holds the lock. */
  readonly protectedRuns: ReadonlySet<string>;
  /** Model version folders (`Models/local/horizon_<h>/<surface>/<model>/<version>`) that stay: champions, the last with skill. */
  readonly keptVersions: ReadonlySet<string>;
  /** Another live run holds the lock: it may be reading the exports, so they stay. */
  readonly liveRunElsewhere: boolean;
}

/** One thing retention does, and why. */
export type RetentionAction =
  | { readonly kind: 'delete'; readonly key: string; readonly bytes: number; readonly why: string }
  | {
      readonly kind: 'trim';
      readonly key: string;
      readonly bytes: number;
      /** The newest bytes kept, in place (launchd keeps appending to the same file). */
      readonly keepBytes: number;
      readonly why: string;
    };

const DAY_MS = 86_400_000;
const RUN_ID = /^\d{8}_\d{6}$/;
const RUN_LOG = new RegExp(`^${LAYOUT.nightlyLogs}/nightly_pipeline_(\\d{8}_\\d{6})\\.(log|jsonl)$`);
const SET_ASIDE = new RegExp(`^${LAYOUT.nightlyLogs}/last_run_status\\.corrupt-.*\\.json$`);
const HISTORY = new RegExp(`^${LAYOUT.runHistory}/(\\d{8}_\\d{6})\\.json$`);
const PREDICTIONS = new RegExp(`^${LAYOUT.models}/predictions/(\\d{8}_\\d{6})\\.json$`);
const VERSION = new RegExp(`^(${LAYOUT.models}/horizon_[^/]+/[^/]+/[^/]+/(\\d{8}_\\d{6}))/[^/]+$`);
const FOLD_ENTRY = new RegExp(`^${LAYOUT.foldCache}/[0-9a-f]{64}\\.fold$`);
const FOLD_TEMPORARY = new RegExp(`^${LAYOUT.foldCache}/\\..*\\.tmp-[^/]*$`);
const DAEMON_LOGS: ReadonlySet<string> = new Set([
  LAYOUT.daemonStdout,
  LAYOUT.daemonStderr,
  LAYOUT.watchdogLog,
]);

/** When a run started, from its id (`YYYYMMDD_HHMMSS`, UTC: formatRunId). */
export function runIdTime(runId: string): number {
  if (!RUN_ID.test(runId)) return Number.NaN;
  const iso = `${runId.slice(0, 4)}-${runId.slice(4, 6)}-${runId.slice(6, 8)}T${runId.slice(9, 11)}:${runId.slice(11, 13)}:${runId.slice(13, 15)}Z`;
  return Date.parse(iso);
}

/**
 * What to delete or trim: run logs and set-aside status files past `runLogDays`; model
 * versions past `modelVersionDays` except kept ones and the newest of each model; history and
 * prediction files past their counts; exports older than the newest night's set (stale
 * temporaries, horizons no longer exported) unless a live run may read them; daemon logs over
 * their cap; fold cache entries unused for `foldCacheDays` and its temporaries older than a day. Never a protected run's file. Pure: the caller lists, this decides.
 */
export function planRetention(policy: RetentionPolicy, facts: RetentionFacts): RetentionAction[] {
  const now = facts.now.getTime();
  const older = (runId: string, days: number): boolean => now - runIdTime(runId) > days * DAY_MS;
  const guarded = (runId: string): boolean => facts.protectedRuns.has(runId);
  const actions: RetentionAction[] = [];
  const remove = (file: HomeFile, why: string): void => {
    actions.push({ kind: 'delete', key: file.key, bytes: file.bytes, why });
  };

  const history: { file: HomeFile; runId: string }[] = [];
  const predictions: { file: HomeFile; runId: string }[] = [];
  const versions = new Map<string, { runId: string; files: HomeFile[] }>();
  const exports: HomeFile[] = [];
  for (const file of facts.files) {
    const log = RUN_LOG.exec(file.key);
    if (log?.[1] !== undefined) {
      if (!guarded(log[1]) && older(log[1], policy.runLogDays))
        remove(file, `run log older than ${policy.runLogDays} days`);
      continue;
    }
    if (SET_ASIDE.test(file.key)) {
      if (now - file.modifiedAt.getTime() > policy.runLogDays * DAY_MS)
        remove(file, `set-aside status older than ${policy.runLogDays} days`);
      continue;
    }
    const entry = HISTORY.exec(file.key);
    if (entry?.[1] !== undefined) {
      history.push({ file, runId: entry[1] });
      continue;
    }
    const predicted = PREDICTIONS.exec(file.key);
    if (predicted?.[1] !== undefined) {
      predictions.push({ file, runId: predicted[1] });
      continue;
    }
    const version = VERSION.exec(file.key);
    if (version?.[1] !== undefined && version[2] !== undefined) {
      const folder = versions.get(version[1]) ?? { runId: version[2], files: [] };
      folder.files.push(file);
      versions.set(version[1], folder);
      continue;
    }
    if (FOLD_ENTRY.test(file.key)) {
      // an entry's time is its last use (the cache marks it): one unused that long is not coming back
      if (now - file.modifiedAt.getTime() > policy.foldCacheDays * DAY_MS)
        remove(file, `fold cache entry unused for ${policy.foldCacheDays} days`);
      continue;
    }
    if (FOLD_TEMPORARY.test(file.key)) {
      // a write is renamed within seconds: a day-old temporary is a crashed write's
      if (now - file.modifiedAt.getTime() > DAY_MS) remove(file, 'fold cache temporary left by a crash');
      continue;
    }
    if (file.key.startsWith(`${LAYOUT.exports}/`)) {
      exports.push(file);
      continue;
    }
    if (DAEMON_LOGS.has(file.key) && file.bytes > policy.daemonLogBytes) {
      actions.push({
        kind: 'trim',
        key: file.key,
        bytes: file.bytes,
        keepBytes: Math.floor(policy.daemonLogBytes / 2),
        why: `over ${policy.daemonLogBytes} bytes`,
      });
    }
  }

  const beyond = (entries: { file: HomeFile; runId: string }[], keep: number, why: string): void => {
    const newestFirst = [...entries].sort((a, b) => (a.runId < b.runId ? 1 : -1));
    for (const { file, runId } of newestFirst.slice(Math.max(0, keep)))
      if (!guarded(runId)) remove(file, why);
  };
  beyond(history, policy.historyRuns, `beyond the newest ${policy.historyRuns} runs of history`);
  beyond(predictions, policy.predictionFiles, `beyond the newest ${policy.predictionFiles} prediction files`);

  // The newest version of each model stays whatever its age: the predict stage forecasts with it.
  const newestOfModel = new Map<string, string>();
  for (const [folder, { runId }] of versions) {
    const model = folder.slice(0, folder.lastIndexOf('/'));
    if ((newestOfModel.get(model) ?? '') < runId) newestOfModel.set(model, runId);
  }
  for (const [folder, { runId, files }] of versions) {
    const model = folder.slice(0, folder.lastIndexOf('/'));
    if (facts.keptVersions.has(folder) || guarded(runId) || newestOfModel.get(model) === runId) continue;
    if (!older(runId, policy.modelVersionDays)) continue;
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    actions.push({
      kind: 'delete',
      key: folder,
      bytes,
      why: `model version older than ${policy.modelVersionDays} days`,
    });
  }

  if (!facts.liveRunElsewhere && exports.length > 0) {
    const newest = Math.max(...exports.map((f) => f.modifiedAt.getTime()));
    for (const file of exports)
      if (newest - file.modifiedAt.getTime() > DAY_MS) remove(file, 'export older than the newest');
  }
  return actions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
