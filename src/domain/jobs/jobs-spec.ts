import type { ClockTime } from './job-times.js';

/** The user the jobs run as: the owner of the home (never root). */
export interface JobUser {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
  /** The user's own home folder (HOME of a system job), when known. */
  readonly homeDir: string | undefined;
}

/** Everything the two OS jobs are made of, decided by install from the config. */
export interface JobsSpec {
  /** Absolute path of the `cbi` executable. */
  readonly cbi: string;
  /** The cbi home the jobs run for. */
  readonly home: string;
  /** The config file passed on with --config, or null. */
  readonly configFile: string | null;
  /** The configured run times ("HH:MM") in `timeZone` (null: the system's): what systemd takes. */
  readonly times: readonly ClockTime[];
  readonly timeZone: string | null;
  /** The same runs as wall times of the system's zone at install: what launchd reads. */
  readonly systemTimes: readonly ClockTime[];
  /** PATH of the jobs. */
  readonly path: string;
  /** Plain variables for the job files (never a secret). */
  readonly environment: Readonly<Record<string, string>>;
  /** The 0600 file of the secret variables, when there are any (the jobs get CBI_SECRETS_FILE). */
  readonly secretsFile: string | undefined;
  readonly user: JobUser;
}

export const JOB_NAMES = ['nightly', 'watchdog'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** The arguments of the nightly run and of the watchdog check. */
export function jobArguments(spec: JobsSpec): Readonly<Record<JobName, readonly string[]>> {
  const config = spec.configFile === null ? [] : ['--config', spec.configFile];
  return {
    nightly: [spec.cbi, 'run', '--home', spec.home, '--trigger', 'schedule', ...config],
    watchdog: [spec.cbi, 'watchdog', '--home', spec.home, ...config],
  };
}

/** The variables every job gets: PATH, the plain variables, and where the secrets are. */
export function jobVariables(
  spec: JobsSpec,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PATH: spec.path,
    ...extra,
    ...spec.environment,
    ...(spec.secretsFile === undefined ? {} : { CBI_SECRETS_FILE: spec.secretsFile }),
  };
}
