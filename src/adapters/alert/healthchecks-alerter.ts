import type { Alert, AlertKind } from '../../domain/watchdog/alert.js';
import { AlertDeliveryError } from '../../domain/errors.js';
import type { Alerter } from '../../ports/alerter.port.js';
import { describeFetchFailure } from './fetch-failure.js';

export interface HealthchecksAlerterSettings {
  /** The check's ping URL (its uuid is a secret: only the host is ever named). */
  readonly url: URL;
  readonly timeoutMs: number;
}

/**
 * Which ping each alert is: healthchecks.io's `/start`, success (the bare URL), `/fail`, and
 * `/log` (a message that changes no state) for a repair made during a run.
 */
export function pingSuffix(kind: AlertKind): '' | '/start' | '/fail' | '/log' {
  switch (kind) {
    case 'run_started':
      return '/start';
    case 'run_failed':
    case 'incident_opened':
    case 'incident_reminder':
      return '/fail';
    case 'run_succeeded':
    case 'recovered':
      return '';
    case 'repaired':
      return '/log';
  }
}

/**
 * A dead-man's switch: pings on run start, success and failure, so the outside service alerts
 * when pings stop, even when the whole machine is off. The alert text goes along as the body.
 */
export class HealthchecksAlerter implements Alerter {
  readonly name = 'healthchecks';

  constructor(private readonly settings: HealthchecksAlerterSettings) {}

  async send(alert: Alert): Promise<void> {
    const { url, timeoutMs } = this.settings;
    const target = new URL(url.href.replace(/\/+$/, '') + pingSuffix(alert.kind));
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `${alert.subject}\n\n${alert.body}`.slice(0, 100_000),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new AlertDeliveryError(`healthchecks ${url.host} unreachable (${describeFetchFailure(cause)})`, {
        transient: true,
      });
    }
    await response.body?.cancel();
    if (!response.ok) {
      throw new AlertDeliveryError(`healthchecks ${url.host} answered ${response.status}`, {
        transient: response.status >= 500 || response.status === 429,
      });
    }
  }
}
