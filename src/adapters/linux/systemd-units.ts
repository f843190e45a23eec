/** What goes into one service + timer pair. */
export interface SystemdJobSpec {
  /** Unit base name, e.g. "cbi-nightly" (cbi-nightly.service, cbi-nightly.timer). */
  readonly name: string;
  readonly description: string;
  readonly execStart: readonly string[];
  readonly workingDirectory: string;
  /** System units only: the user the service runs as (never root). */
  readonly user?: string | undefined;
  /** OnCalendar= values, one line each, e.g. "*-*-* 23:59:00 America/Chicago" or "hourly". */
  readonly onCalendar: readonly string[];
  /** Extra first run after boot (the watchdog: check soon after power-on). */
  readonly onBootSec?: string | undefined;
  /** Wake the machine from suspend for the timer (where the manager may). */
  readonly wakeSystem: boolean;
  readonly timeoutStartSec: string;
  /**
   * "process": only the main process is stopped when the service ends; the watchdog needs it,
   * or systemd would kill the detached catch-up run along with the finished check.
   */
  readonly killMode: 'control-group' | 'mixed' | 'process';
  /** Plain variables only: unit files are world-readable, secrets go elsewhere. */
  readonly environment: Readonly<Record<string, string>>;
  /** System units: wait for the network at boot (a run missed while off starts right after boot). */
  readonly afterNetwork: boolean;
}

/** One word of a unit setting: `%` doubled (specifiers); quoted with `\` and `"` escaped when needed. */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One argument of ExecStart=: as systemdQuote, and `$` doubled (ExecStart= expands $VARIABLES). */
export function execArgument(arg: string): string {
  return systemdQuote(arg.replace(/\$/g, '$$$$'));
}

/** The service and timer unit texts of a job. */
export function systemdUnits(spec: SystemdJobSpec): { readonly service: string; readonly timer: string } {
  const env = Object.entries(spec.environment).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`);
  const network = spec.afterNetwork ? ['Wants=network-online.target', 'After=network-online.target'] : [];
  const service = [
    '[Unit]',
    `Description=${spec.description}`,
    ...network,
    '',
    '[Service]',
    'Type=oneshot',
    ...(spec.user === undefined ? [] : [`User=${spec.user}`]),
    // WorkingDirectory= takes the raw path (quotes would be part of it); only % is special.
    `WorkingDirectory=${spec.workingDirectory.replace(/%/g, '%%')}`,
    `ExecStart=${spec.execStart.map(execArgument).join(' ')}`,
    ...env,
    `TimeoutStartSec=${spec.timeoutStartSec}`,
    `KillMode=${spec.killMode}`,
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=${spec.description} (timer)`,
    '',
    '[Timer]',
    ...spec.onCalendar.map((calendar) => `OnCalendar=${calendar}`),
    ...(spec.onBootSec === undefined ? [] : [`OnBootSec=${spec.onBootSec}`]),
    // A run missed while the machine was off starts at the next boot.
    'Persistent=true',
    `WakeSystem=${spec.wakeSystem ? 'true' : 'false'}`,
    'AccuracySec=1min',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer };
}

/** The OnCalendar= entries of a timer unit's text: wall time and zone (null: the system's). */
export function calendarOfTimer(text: string): { time: string; timeZone: string | null }[] {
  const entries: { time: string; timeZone: string | null }[] = [];
  for (const match of text.matchAll(
    /^OnCalendar=\*-\*-\*[ \t]+(\d{2}):(\d{2})(?::\d{2})?(?:[ \t]+(\S+))?[ \t]*$/gm,
  ))
    entries.push({ time: `${match[1] ?? ''}:${match[2] ?? ''}`, timeZone: match[3] ?? null });
  return entries;
}

/** WakeSystem= of a timer unit's text. */
export function wakeSystemOfTimer(text: string): boolean {
  return /^WakeSystem=(true|yes|1|on)\s*$/m.test(text);
}
