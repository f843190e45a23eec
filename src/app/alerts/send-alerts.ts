import type { Alert } from '../../domain/watchdog/alert.js';
import { summarizeError } from '../../domain/errors.js';
import type { Alerter } from '../../ports/alerter.port.js';
import type { Logger } from '../../ports/logger.port.js';

export interface SendAlertsDeps {
  readonly alerters: readonly Alerter[];
  readonly logger: Logger;
}

/** What became of one alert on one channel. */
export interface AlertDelivery {
  readonly channel: string;
  readonly outcome: 'delivered' | 'skipped' | 'failed';
  /** For `failed`: the error, free of credentials (adapters never put them in messages). */
  readonly error: string | null;
}

/**
 * Sends the alert to every channel that accepts its kind, all at once. One failing channel is
 * logged and reported; it never stops the others, and this never throws for a delivery.
 */
export async function sendAlerts(deps: SendAlertsDeps, alert: Alert): Promise<readonly AlertDelivery[]> {
  return Promise.all(
    deps.alerters.map(async (alerter): Promise<AlertDelivery> => {
      if (alerter.accepts !== undefined && !alerter.accepts(alert.kind)) {
        return { channel: alerter.name, outcome: 'skipped', error: null };
      }
      try {
        await alerter.send(alert);
        deps.logger.info('alert delivered', { channel: alerter.name, kind: alert.kind });
        return { channel: alerter.name, outcome: 'delivered', error: null };
      } catch (error) {
        const summary = summarizeError(error);
        deps.logger.error('alert not delivered', {
          channel: alerter.name,
          kind: alert.kind,
          code: summary.code,
          error: summary.message,
          transient: summary.transient,
        });
        return { channel: alerter.name, outcome: 'failed', error: summary.message };
      }
    }),
  );
}
