import type { ServiceIdentifier } from 'inversify';

/** All time the app sees. The system adapter reads the real clock; the fake advances on demand. */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** Resolves after `ms` milliseconds of this clock's time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const CLOCK: ServiceIdentifier<Clock> = Symbol.for('cbi.Clock');
