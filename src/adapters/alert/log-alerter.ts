import { summarizeError } from '../../domain/errors.js';
import type { Alert } from '../../domain/watchdog/alert.js';
import { seedAlertLines, WATCHDOG_LOG_KINDS } from '../../domain/watchdog/seed-alert-lines.js';
import type { Alerter } from '../../ports/alerter.port.js';
import type { Logger } from '../../ports/logger.port.js';

/** Appends lines to the home's `Logs/nightly/watchdog.log` (the status store's). */
export type AppendWatchdogLog = (text: string) => Promise<void>;

/**
 * Writes the alert to the log (always works, the default channel) and, for the alerts a person
 * must see, into `watchdog.log` in the seed's format, where the seed's users looked. A home that
 * cannot be written loses only that copy: the alert still reaches the log (stderr under the
 * jobs) and the other channels.
 */
export class LogAlerter implements Alerter {
  readonly name = 'log';

  constructor(
    private readonly logger: Logger,
    private readonly appendWatchdogLog?: AppendWatchdogLog,
  ) {}

  async send(alert: Alert): Promise<void> {
    const fields = {
      kind: alert.kind,
      subject: alert.subject,
      body: alert.body,
      runId: alert.runId,
      since: alert.since,
      logPaths: alert.logPaths,
    };
    if (alert.kind === 'incident_opened' || alert.kind === 'incident_reminder' || alert.kind === 'run_failed')
      this.logger.error('alert', fields);
    else this.logger.warn('alert', fields);
    if (this.appendWatchdogLog === undefined || !WATCHDOG_LOG_KINDS.has(alert.kind)) return;
    await this.appendWatchdogLog(seedAlertLines(alert).join('\n')).catch((error: unknown) =>
      this.logger.warn('alert not written to watchdog.log', { error: summarizeError(error).message }),
    );
  }
}
