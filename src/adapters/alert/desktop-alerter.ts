import { execa } from 'execa';
import type { Alert } from '../../domain/watchdog/alert.js';
import { AlertDeliveryError } from '../../domain/errors.js';
import type { Alerter } from '../../ports/alerter.port.js';

export interface DesktopAlerterSettings {
  /** process.platform: notifications are shown on macOS only. */
  readonly platform: string;
  readonly timeoutMs?: number;
}

// The texts travel as arguments (`item n of argv`), never spliced into the script: no quoting bugs.
const SCRIPT = [
  'on run argv',
  'display notification (item 2 of argv) with title (item 1 of argv)',
  'end run',
];

/** A macOS notification through osascript; elsewhere it accepts nothing (see `unavailable`). */
export class DesktopAlerter implements Alerter {
  readonly name = 'desktop';

  constructor(private readonly settings: DesktopAlerterSettings) {}

  /** Why this channel cannot show anything here, or null. */
  get unavailable(): string | null {
    return this.settings.platform === 'darwin'
      ? null
      : `desktop notifications need macOS (this is ${this.settings.platform})`;
  }

  /** Nothing off macOS; the kinds a channel gets are the config's, decided where it is bound. */
  accepts(): boolean {
    return this.unavailable === null;
  }

  async send(alert: Alert): Promise<void> {
    const why = this.unavailable;
    if (why !== null) throw new AlertDeliveryError(why);
    const args = osascriptArgs(alert.subject, alert.body.split('\n').slice(0, 4).join(' — '));
    const result = await execa('osascript', args, {
      reject: false,
      timeout: this.settings.timeoutMs ?? 10_000,
    });
    if (result.failed)
      throw new AlertDeliveryError(`osascript failed: ${result.stderr.trim() || result.shortMessage}`, {
        transient: true,
      });
  }
}

/** The osascript arguments for an alert (for tests and docs). */
export function osascriptArgs(subject: string, text: string): string[] {
  return [...SCRIPT.flatMap((line) => ['-e', line]), subject, text];
}
