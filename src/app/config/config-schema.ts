import { z } from 'zod';
import { alertConfigSchema } from './alert-config.js';
import { doctorConfigSchema } from './doctor-config.js';
import { jobsConfigSchema } from './jobs-config.js';
import { logConfigSchema } from './log-config.js';
import { qualityConfigSchema } from './quality-config.js';
import { retentionConfigSchema } from './retention-config.js';
import { runConfigSchema } from './run-config.js';
import { scheduleConfigSchema } from './schedule-config.js';
import { sourceConfigSchema } from './source-config.js';
import { trainingConfigSchema } from './training-config.js';
import { warehouseConfigSchema } from './warehouse-config.js';
import { watchdogConfigSchema } from './watchdog-config.js';

// zod compiles a parser per object schema on first use (new Function), which costs more than
// it saves in a process that parses one config and a few records: the hourly commands must start fast.
z.config({ jitless: true });

/** The config file's schema: every section, every field defaulted. Loaded only when a config is parsed. */
export const configFileSchema = z
  .object({
    run: runConfigSchema.prefault({}),
    log: logConfigSchema.prefault({}),
    warehouse: warehouseConfigSchema,
    source: sourceConfigSchema,
    quality: qualityConfigSchema,
    training: trainingConfigSchema,
    schedule: scheduleConfigSchema,
    watchdog: watchdogConfigSchema,
    alert: alertConfigSchema,
    retention: retentionConfigSchema,
    jobs: jobsConfigSchema,
    doctor: doctorConfigSchema,
  })
  .strict();

export type ParsedConfig = z.infer<typeof configFileSchema>;

/** The validated configuration: every field defaulted, paths absolute. */
export type Config = ParsedConfig & {
  /** The home every on-disk path is relative to. */
  readonly home: string;
  /** The file the config came from, or null when only defaults and environment applied. */
  readonly configFile: string | null;
  /**
   * The CBI_* variables whose values this config took (a command-line override of the same key
   * wins and is not counted); absent in configs made before it was kept.
   */
  readonly fromEnvironment?: readonly string[];
};
