import { hostname } from 'node:os';
import { ContainerModule } from 'inversify';
import { FsArtifactStore } from '../../../adapters/fs/fs-artifact-store.js';
import { FsStatusStore } from '../../../adapters/fs/fs-status-store.js';
import { PinoLogger } from '../../../adapters/pino/pino-logger.js';
import { SystemClock } from '../../../adapters/system/system-clock.js';
import { ARTIFACT_STORE } from '../../../ports/artifact-store.port.js';
import { CLOCK, type Clock } from '../../../ports/clock.port.js';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { STATUS_STORE } from '../../../ports/status-store.port.js';
import type { Config } from '../../config/load-config.js';
import { runSettingsFrom } from '../../night/run-settings.js';
import { CONFIG, HOST, RUN_SETTINGS } from '../tokens.js';

/** Values made outside the container (the run's logger, a test's clock). */
export interface Runtime {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Absolute path of the JSON-lines log file of this command (a run's log). */
  readonly logFile?: string;
  /** Also write the JSON lines to stdout (a run off a terminal). */
  readonly logToStdout?: boolean;
}

/** Clock, logger, config, the fs status and artifact stores. */
export function coreModule(config: Config, runtime: Runtime = {}): ContainerModule {
  return new ContainerModule((options) => {
    options.bind(CONFIG).toConstantValue(config);
    options.bind(RUN_SETTINGS).toConstantValue(runSettingsFrom(config));
    options.bind(HOST).toConstantValue(hostname());
    options.bind(CLOCK).toConstantValue(runtime.clock ?? new SystemClock());
    options.bind(LOGGER).toConstantValue(
      runtime.logger ??
        PinoLogger.create({
          level: runtime.logFile === undefined && runtime.logToStdout !== true ? 'warn' : config.log.level,
          file: runtime.logFile ?? null,
          stdout: runtime.logToStdout ?? false,
        }),
    );
    options
      .bind(STATUS_STORE)
      .toResolvedValue(
        (logger: Logger, host: string) => new FsStatusStore({ home: config.home, host }, logger),
        [LOGGER, HOST],
      )
      .inSingletonScope();
    options
      .bind(ARTIFACT_STORE)
      .toResolvedValue(() => new FsArtifactStore({ home: config.home }))
      .inSingletonScope();
  });
}
