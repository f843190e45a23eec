import type { Alert } from '../../domain/watchdog/alert.js';
import type { Alerter } from '../../ports/alerter.port.js';
import type { Logger } from '../../ports/logger.port.js';

/** Writes the alert to the log: always works, and the default when nothing else is configured. */
export class LogAlerter implements Alerter {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

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
  }
}
