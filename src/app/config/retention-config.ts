import { z } from 'zod';
import type { CleanHomeSettings } from '../housekeeping/clean-home.js';

/** What the home keeps of the past (`cbi clean`, and the end of every night). Owned by housekeeping. */
export const retentionConfigSchema = z
  .object({
    /** Run logs (.log and .jsonl) older than this many days are deleted. */
    runLogDays: z.number().min(1).default(30),
    /** Model versions older than this many days are deleted (never a champion, the last with skill, the newest of a model). */
    modelVersionDays: z.number().min(1).default(7),
    /** Prediction files kept (Models/local/predictions/<run_id>.json), newest first. */
    predictionFiles: z.number().int().min(1).default(90),
    /** Run history entries kept (Logs/nightly/runs/<run_id>.json), newest first; the report charts the last 90. */
    historyRuns: z.number().int().min(10).default(400),
    /** daemon_stdout.log, daemon_stderr.log and watchdog.log over this size keep their newest half. */
    daemonLogMegabytes: z.number().positive().default(10),
    /** Fold cache entries (Models/fold_cache) unused for this many days are deleted. */
    foldCacheDays: z.number().min(1).default(30),
    /** Before a night starts with less free space than this, it cleans first, then warns. */
    minFreeMegabytes: z.number().min(0).default(2048),
  })
  .prefault({});

export type RetentionConfig = z.infer<typeof retentionConfigSchema>;

const MB = 1024 * 1024;

/** The housekeeping settings of a config. */
export function cleanHomeSettingsFrom(config: RetentionConfig): CleanHomeSettings {
  return {
    policy: {
      runLogDays: config.runLogDays,
      modelVersionDays: config.modelVersionDays,
      predictionFiles: config.predictionFiles,
      historyRuns: config.historyRuns,
      daemonLogBytes: Math.round(config.daemonLogMegabytes * MB),
      foldCacheDays: config.foldCacheDays,
    },
    minFreeBytes: Math.round(config.minFreeMegabytes * MB),
  };
}
