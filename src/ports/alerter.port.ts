import type { ServiceIdentifier } from 'inversify';
import type { Alert, AlertKind } from '../domain/watchdog/alert.js';

/** One channel to a person or an outside monitor. */
export interface Alerter {
  /** A short name for logs ("smtp", "webhook", "healthchecks", "desktop", "log"). */
  readonly name: string;
  /** Whether this channel wants alerts of this kind (a pager wants incidents, a dead-man's switch run pings); all when absent. */
  accepts?(kind: AlertKind): boolean;
  /** Delivers the alert or throws AlertDeliveryError (transient when a retry may help). */
  send(alert: Alert): Promise<void>;
}

/** All configured alerters; the app sends to each and one failing does not stop the others. */
export const ALERTERS: ServiceIdentifier<readonly Alerter[]> = Symbol.for('cbi.Alerters');
