import type { Alert } from '../../domain/watchdog/alert.js';
import { AlertDeliveryError } from '../../domain/errors.js';
import type { Alerter } from '../../ports/alerter.port.js';
import { describeFetchFailure } from './fetch-failure.js';

export interface WebhookAlerterSettings {
  /** Its path and query are secrets (Slack puts the token there): only the host is ever named. */
  readonly url: URL;
  readonly timeoutMs: number;
}

/** A JSON POST with a Slack-compatible payload: `text` for people, `cbi` for machines. */
export class WebhookAlerter implements Alerter {
  readonly name = 'webhook';

  constructor(private readonly settings: WebhookAlerterSettings) {}

  async send(alert: Alert): Promise<void> {
    const { url, timeoutMs } = this.settings;
    const payload = {
      text: `*${alert.subject}*\n${alert.body}`,
      cbi: {
        kind: alert.kind,
        at: alert.at,
        host: alert.host,
        runId: alert.runId,
        failedStage: alert.failedStage,
        error: alert.error,
        since: alert.since,
        lastSuccess: alert.lastSuccess,
        logPaths: alert.logPaths,
        action: alert.action,
      },
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      // The cause's message can hold the whole URL; it stays out of ours.
      throw new AlertDeliveryError(`webhook ${url.host} unreachable (${describeFetchFailure(cause)})`, {
        transient: true,
      });
    }
    await response.body?.cancel();
    if (!response.ok) {
      throw new AlertDeliveryError(`webhook ${url.host} answered ${response.status}`, {
        transient: response.status >= 500 || response.status === 429,
      });
    }
  }
}
