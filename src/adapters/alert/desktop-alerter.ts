import type { Alert } from '../../domain/watchdog/alert.js';
import { AlertDeliveryError } from '../../domain/errors.js';
import type { Alerter } from '../../ports/alerter.port.js';

export interface DesktopAlerterSettings {
  /** process.platform: macOS shows notifications through osascript, Linux through notify-send. */
  readonly platform: string;
  /** Off macOS: the path of `notify-send` when one is on the PATH (see `findNotifier`), else null. */
  readonly notifier?: string | null;
  readonly timeoutMs?: number;
}

// The texts travel as arguments (`item n of argv`), never spliced into the script: no quoting bugs.
const SCRIPT = [
  'on run argv',
  'display notification (item 2 of argv) with title (item 1 of argv)',
  'end run',
];

/**
 * A desktop notification: through osascript on macOS, through notify-send on Linux where one is
 * installed; elsewhere it accepts nothing (see `unavailable`).
 */
export class DesktopAlerter implements Alerter {
  readonly name = 'desktop';

  constructor(private readonly settings: DesktopAlerterSettings) {}

  /** Why this channel cannot show anything here, or null. */
  get unavailable(): string | null {
    if (this.settings.platform === 'darwin') return null;
    if (this.settings.platform === 'linux')
      return this.settings.notifier
        ? null
        : 'desktop notifications need notify-send on the PATH (libnotify-bin)';
    return `desktop notifications need macOS or Linux with notify-send (this is ${this.settings.platform})`;
  }

  /** Nothing where no notifier exists; the kinds a channel gets are the config's, decided where it is bound. */
  accepts(): boolean {
    return this.unavailable === null;
  }

  async send(alert: Alert): Promise<void> {
    const why = this.unavailable;
    if (why !== null) throw new AlertDeliveryError(why);
    const text = alert.body.split('\n').slice(0, 4).join(' — ');
    const [command, args] =
      this.settings.platform === 'darwin'
        ? ['osascript', osascriptArgs(alert.subject, text)]
        : [this.settings.notifier ?? 'notify-send', notifySendArgs(alert, text)];
    // execa loads only when a notification is shown: the hourly watchdog resolves this alerter on
    // every check, and execa costs a healthy check a fifth of its start-up CPU (bench/cli-startup).
    const { execa } = await import('execa');
    const result = await execa(command, args, {
      reject: false,
      timeout: this.settings.timeoutMs ?? 10_000,
    });
    if (result.failed)
      throw new AlertDeliveryError(`${command} failed: ${result.stderr.trim() || result.shortMessage}`, {
        transient: true,
      });
  }
}

/** The osascript arguments for an alert (for tests and docs). */
export function osascriptArgs(subject: string, text: string): string[] {
  return [...SCRIPT.flatMap((line) => ['-e', line]), subject, text];
}

/** The notify-send arguments for an alert: incidents and failures critical, the rest normal. */
export function notifySendArgs(alert: Alert, text: string): string[] {
  const urgency =
    alert.kind === 'recovered' || alert.kind === 'repaired' || alert.kind.startsWith('run_s')
      ? 'normal'
      : 'critical';
  return ['--app-name=cbi-autopilot', `--urgency=${urgency}`, '--', alert.subject, text];
}

/** The first `notify-send` on `path` (the PATH's folders), or null. */
export async function findNotifier(
  path: string | undefined,
  isExecutable: (file: string) => Promise<boolean>,
): Promise<string | null> {
  for (const folder of (path ?? '').split(':').filter((f) => f !== '')) {
    const file = `${folder}/notify-send`;
    if (await isExecutable(file)) return file;
  }
  return null;
}
