import { runAlert } from '../domain/alert-message.js';
import type { RunRecord } from '../domain/run.js';
import type { Alerter } from '../ports/alerter.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { RunObserver } from './run-observer.js';
import { sendAlerts } from './send-alerts.js';

export interface AlertingRunObserverDeps {
  readonly alerters: readonly Alerter[];
  readonly logger: Logger;
  readonly clock: Clock;
  readonly host: string;
  readonly home: string;
}

/**
 * Tells the alert channels that want them (a healthchecks-style dead-man's switch) when a run
 * starts and how it ended. Deliveries run in the background; `flush` awaits them before exit.
 * A failing channel is logged by sendAlerts and never disturbs the run.
 */
export class AlertingRunObserver implements RunObserver {
  readonly #pending: Promise<unknown>[] = [];

  constructor(private readonly deps: AlertingRunObserverDeps) {}

  onRunStart(run: RunRecord): void {
    this.#send('run_started', run);
  }

  onRunEnd(run: RunRecord): void {
    this.#send(run.state === 'success' || run.state === 'partial' ? 'run_succeeded' : 'run_failed', run);
  }

  /** Resolves once every alert sent so far was delivered or failed. */
  async flush(): Promise<void> {
    await Promise.all(this.#pending);
  }

  #send(kind: 'run_started' | 'run_succeeded' | 'run_failed', run: RunRecord): void {
    const { alerters, logger, clock, host, home } = this.deps;
    const alert = runAlert(kind, run, { now: clock.now(), host, home });
    this.#pending.push(sendAlerts({ alerters, logger }, alert));
  }
}
