import { build, type PlistValue } from 'plist';

/** What goes into one launchd job (a LaunchAgent, or a LaunchDaemon with `userName`). */
export interface LaunchJobSpec {
  readonly label: string;
  /** Absolute paths: launchd runs no shell and has no useful PATH for finding the program. */
  readonly programArguments: readonly string[];
  /** A LaunchDaemon runs as this user (never root); absent for a LaunchAgent. */
  readonly userName?: string | undefined;
  /** Daily at these wall times of the system's zone (launchd reads no other). */
  readonly calendar?: readonly { readonly hour: number; readonly minute: number }[] | undefined;
  /** Every this many seconds. */
  readonly intervalSeconds?: number | undefined;
  readonly runAtLoad: boolean;
  readonly workingDirectory: string;
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /** Plain variables only: the plist is world-readable, secrets go elsewhere. */
  readonly environment: Readonly<Record<string, string>>;
  /** Leave children alone when the job exits (the watchdog's detached catch-up run). */
  readonly abandonProcessGroup: boolean;
}

/**
 * The plist XML of a launchd job, rendered by the `plist` library (escaping is its job, not
 * ours). One calendar entry is a dict, several an array of dicts, as launchd.plist(5) has it.
 */
export function launchJobPlist(spec: LaunchJobSpec): string {
  const job: Record<string, PlistValue> = { Label: spec.label };
  if (spec.userName !== undefined) job['UserName'] = spec.userName;
  job['ProgramArguments'] = [...spec.programArguments];
  const calendar = (spec.calendar ?? []).map((c) => ({ Hour: c.hour, Minute: c.minute }));
  if (calendar.length === 1 && calendar[0] !== undefined) job['StartCalendarInterval'] = calendar[0];
  if (calendar.length > 1) job['StartCalendarInterval'] = calendar;
  if (spec.intervalSeconds !== undefined) job['StartInterval'] = spec.intervalSeconds;
  Object.assign(job, {
    RunAtLoad: spec.runAtLoad,
    WorkingDirectory: spec.workingDirectory,
    StandardOutPath: spec.stdoutPath,
    StandardErrorPath: spec.stderrPath,
    EnvironmentVariables: { ...spec.environment },
    ProcessType: 'Background',
    AbandonProcessGroup: spec.abandonProcessGroup,
  });
  return `${build(job)}\n`;
}
