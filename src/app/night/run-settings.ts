import type { StageKind } from '../../domain/night/pipeline-plan.js';
import type { Config } from '../config/config-schema.js';
import type { RunSettings } from './run-nightly.js';

const MINUTE = 60_000;

/** The run's bounds in milliseconds, from the config's minutes. */
export function runSettingsFrom(config: Config): RunSettings {
  const run = config.run;
  const timeouts = run.stageTimeoutMinutes;
  const stageTimeoutMs: Record<StageKind, number> = {
    export: timeouts.export * MINUTE,
    quality: timeouts.quality * MINUTE,
    train: timeouts.train * MINUTE,
    predict: timeouts.predict * MINUTE,
    upload: timeouts.upload * MINUTE,
    evaluate: timeouts.evaluate * MINUTE,
  };
  return {
    horizons: run.horizons,
    minHorizons: run.minHorizons,
    sideBySide: run.sideBySide,
    deadlineMs: run.deadlineMinutes * MINUTE,
    retry: run.retry,
    stageTimeoutMs,
    stageTimeoutGrowth: run.stageTimeoutGrowth,
    stopGraceMs: 10_000,
    delivery: run.delivery,
  };
}
