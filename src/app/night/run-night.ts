import { join } from 'node:path';
import type { ContainerModule } from 'inversify';
import { formatRunId, runLogKey } from '../../domain/layout.js';
import type { RunRecord, RunTrigger } from '../../domain/night/run.js';
import { CLOCK, type Clock } from '../../ports/clock.port.js';
import { LOGGER, type Logger } from '../../ports/logger.port.js';
import { POWER_MANAGER } from '../../ports/power-manager.port.js';
import { STATUS_STORE } from '../../ports/status-store.port.js';
import type { Config } from '../config/load-config.js';
import { createContainer } from '../composition/container.js';
import { runAlert } from '../../domain/watchdog/alert-message.js';
import { ALERTERS } from '../../ports/alerter.port.js';
import { runNightly } from './run-nightly.js';
import { sendAlerts } from '../alerts/send-alerts.js';
import type { RunObserver } from './run-observer.js';
import { HOST, NIGHTLY_STAGES, RUN_SETTINGS } from '../composition/tokens.js';

export interface RunNightOptions {
  readonly config: Config;
  /** Who started it; recorded in the run. Default 'manual'. */
  readonly trigger?: RunTrigger;
  /** Abort it to stop the run cleanly (the status says interrupted, the lock is released). */
  readonly interrupt?: AbortSignal;
  /** Progress callbacks (stage started, retried, ended). */
  readonly observer?: RunObserver;
  /** Also write the run's JSON log lines to stdout. Default false (the run log file always gets them). */
  readonly logToStdout?: boolean;
  /** Your own logger or clock instead of the run log file and the system clock. */
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Container modules loaded last: rebind a port's token to plug in your own adapter. */
  readonly modules?: readonly ContainerModule[];
}

/**
 * Runs one night with the adapters the config chooses (the embedded DuckDB default with no
 * config at all) and returns the final run record. Throws RunLockedError when another live
 * run holds the home's lock, ConfigError/other typed errors when the run cannot start.
 */
export async function runNight(options: RunNightOptions): Promise<RunRecord> {
  const { config } = options;
  const runId = formatRunId((options.clock ?? { now: () => new Date() }).now());
  const container = await createContainer(
    config,
    {
      logFile: join(config.home, runLogKey(runId)),
      logToStdout: options.logToStdout ?? false,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
    ...(options.modules ?? []),
  );
  try {
    const clock = container.get(CLOCK);
    const logger = container.get(LOGGER);
    const alerters = await container.getAsync(ALERTERS);
    const host = container.get(HOST);
    return await runNightly(
      {
        clock,
        status: container.get(STATUS_STORE),
        power: await container.getAsync(POWER_MANAGER),
        logger,
        stages: await container.getAsync(NIGHTLY_STAGES),
        settings: container.get(RUN_SETTINGS),
        random: Math.random,
        observer: options.observer,
        notify: async (kind, run) => {
          await sendAlerts(
            { alerters, logger },
            runAlert(kind, run, { now: clock.now(), host, home: config.home }),
          );
        },
      },
      {
        runId,
        trigger: options.trigger ?? 'manual',
        pid: process.pid,
        host,
        ...(options.interrupt ? { interrupt: options.interrupt } : {}),
      },
    );
  } finally {
    await container.unbindAll();
  }
}
