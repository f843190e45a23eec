import { join } from 'node:path';
import type { Config } from '../config/config-schema.js';
import { CONFIG_FILE_NAME } from '../config/load-config.js';
import { LOCAL_TIME_ZONE, scheduleTimes } from '../../domain/watchdog/schedule.js';

/** Where install keeps its own state in the home: the jobs' secrets and the wake it set. */
export const JOBS_STATE_FOLDER = '.cbi';
export const SECRETS_FILE = `${JOBS_STATE_FOLDER}/job-secrets.json`;
export const WAKE_RECORD_FILE = `${JOBS_STATE_FOLDER}/wake.json`;

/** PATH of the jobs when the config gives none: Homebrew's tools (Apple silicon, Intel), then the system's. */
export const DEFAULT_JOB_PATH = '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';

/** What install, uninstall and the doctor read from the config about the jobs. */
export interface JobsSettings {
  /** Absolute path of bin/cbi. */
  readonly cbi: string;
  readonly home: string;
  /** The config file in use, or null when only defaults applied. */
  readonly configFile: string | null;
  /** Where install records the installing shell's CBI_* overrides: the file in use, else the home's. */
  readonly recordFile: string;
  readonly times: readonly string[];
  readonly timeZone: string | null;
  readonly wakeLeadMinutes: number;
  readonly path: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly passEnvironment: readonly string[];
  readonly secrets: readonly string[];
  /** The validated config (install copies the installing shell's overrides of it into the file). */
  readonly config: Config;
}

export function jobsSettingsFrom(config: Config, cbi: string): JobsSettings {
  return {
    cbi,
    home: config.home,
    configFile: config.configFile,
    recordFile: config.configFile ?? join(config.home, CONFIG_FILE_NAME),
    times: scheduleTimes(config.schedule),
    timeZone:
      config.schedule.timeZone === undefined || config.schedule.timeZone === LOCAL_TIME_ZONE
        ? null
        : config.schedule.timeZone,
    wakeLeadMinutes: config.schedule.wakeLeadMinutes,
    path: config.jobs.path ?? DEFAULT_JOB_PATH,
    environment: config.jobs.environment,
    passEnvironment: config.jobs.passEnvironment,
    secrets: config.jobs.secrets,
    config,
  };
}
