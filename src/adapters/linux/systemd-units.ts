/** What goes into one service + timer pair. */
export interface SystemdJobSpec {
  /** Unit base name, e.g. "cbi-nightly" (cbi-nightly.service, cbi-nightly.timer). */
  readonly name: string;
  readonly description: string;
  readonly execStart: readonly string[];
  readonly workingDirectory: string;
  /** OnCalendar= values, e.g. "*-*-* 23:59:00 America/Chicago" or "hourly". */
  readonly onCalendar: string;
  /** Extra first run after boot (the watchdog: check soon after power-on). */
  readonly onBootSec?: string;
  /** Wake the machine from suspend for the timer (where the user may). */
  readonly wakeSystem: boolean;
  readonly timeoutStartSec: string;
  /**
   * "process": only the main process is stopped when the service ends; the watchdog needs it,
   * or systemd would kill the detached catch-up run along with the finished check.
   */
  readonly killMode: 'control-group' | 'mixed' | 'process';
  readonly environment: Readonly<Record<string, string>>;
}

/** One argument of ExecStart=: quoted when needed; `%` doubled (systemd specifiers), `\` and `"` escaped. */
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The service and timer unit texts of a job (systemd user units). */
export function systemdUnits(spec: SystemdJobSpec): { readonly service: string; readonly timer: string } {
  const env = Object.entries(spec.environment).map(([k, v]) => `Environment=${systemdQuote(`${k}=${v}`)}`);
  const service = [
    '[Unit]',
    `Description=${spec.description}`,
    '',
    '[Service]',
    'Type=oneshot',
    // WorkingDirectory= takes the raw path (quotes would be part of it); only % is special.
    `WorkingDirectory=${spec.workingDirectory.replace(/%/g, '%%')}`,
    `ExecStart=${spec.execStart.map(systemdQuote).join(' ')}`,
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
    `OnCalendar=${spec.onCalendar}`,
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
