import type { ServiceIdentifier } from 'inversify';
import type { Alert } from '../domain/alert.js';

/** One channel to a person or an outside monitor. */
export interface Alerter {
  /** A short name for logs ("smtp", "webhook", "healthchecks", "desktop", "log"). */
  readonly name: string;
  /** Delivers the alert or throws AlertDeliveryError (transient when a retry may help). */
  send(alert: Alert): Promise<void>;
}

/** All configured alerters; the app sends to each and one failing does not stop the others. */
export const ALERTERS: ServiceIdentifier<readonly Alerter[]> = Symbol.for('cbi.Alerters');
