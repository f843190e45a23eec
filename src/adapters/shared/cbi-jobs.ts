/** The two OS jobs of the product, independent of launchd or systemd. */
export interface CbiJobSettings {
  /** Absolute path of the `cbi` executable (bin/cbi of the installed package). */
  readonly cbi: string;
  /** The home the jobs work in. */
  readonly home: string;
  /** The config file passed on with --config, or null. */
  readonly configFile: string | null;
  /** "HH:MM", the nightly run's local time. */
  readonly time: string;
  /** IANA zone of `time`, or null for the system's. */
  readonly timeZone: string | null;
  /** PATH for the jobs (launchd and systemd start with a bare one). */
  readonly path: string;
}

export const JOB_NAMES = ['nightly', 'watchdog'] as const;

export const JOB_LABELS = {
  launchd: { nightly: 'com.cbi.autopilot.nightly', watchdog: 'com.cbi.autopilot.watchdog' },
  systemd: { nightly: 'cbi-nightly', watchdog: 'cbi-watchdog' },
} as const;

/** The arguments of the nightly run and of the watchdog check. */
export function jobArguments(settings: CbiJobSettings): {
  readonly nightly: string[];
  readonly watchdog: string[];
} {
  const config = settings.configFile === null ? [] : ['--config', settings.configFile];
  return {
    nightly: [settings.cbi, 'run', '--home', settings.home, '--trigger', 'schedule', ...config],
    watchdog: [settings.cbi, 'watchdog', '--home', settings.home, ...config],
  };
}

export function parseJobTime(time: string): { hour: number; minute: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (match === null) throw new RangeError(`job time "${time}" is not HH:MM`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}
