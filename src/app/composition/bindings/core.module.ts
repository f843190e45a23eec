import { homedir, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { FsArtifactStore } from '../../../adapters/fs/fs-artifact-store.js';
import { FsHomeDisk } from '../../../adapters/fs/fs-home-disk.js';
import { FsOutsideMemory } from '../../../adapters/fs/fs-outside-memory.js';
import { FsStatusStore } from '../../../adapters/fs/fs-status-store.js';
import { SystemClock } from '../../../adapters/system/system-clock.js';
import { ARTIFACT_STORE } from '../../../ports/artifact-store.port.js';
import { CLOCK, type Clock } from '../../../ports/clock.port.js';
import { HOME_DISK } from '../../../ports/home-disk.port.js';
import { LOGGER, type Logger } from '../../../ports/logger.port.js';
import { OUTSIDE_MEMORY } from '../../../ports/outside-memory.port.js';
import { RUN_LOGS, type RunLogs } from '../../../ports/run-logs.port.js';
import { runLogKey } from '../../../domain/layout.js';
import type { RunVerdict } from '../../../domain/night/run-verdict.js';
import { STATUS_STORE } from '../../../ports/status-store.port.js';
import type { Config } from '../../config/config-schema.js';
import { shellEnvironment } from '../../config/job-secrets.js';
import { runSettingsFrom } from '../../night/run-settings.js';
import { CONFIG, HOST, PROCESS_ID, RANDOM, RUN_SETTINGS } from '../tokens.js';

/** Values made outside the container (a library user's logger, a test's clock). */
export interface Runtime {
  /** Receives every event, the runs' included (instead of the run log files). */
  readonly logger?: Logger | undefined;
  readonly clock?: Clock | undefined;
  /** Also write each run's JSON lines to stdout (a run off a terminal). */
  readonly logToStdout?: boolean | undefined;
  /** The environment `install` records the shell's overrides from (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /** A folder outside the home where the status files read before are kept parsed (the CLI's cache). */
  readonly parsedMemoDir?: string | undefined;
}

/** Clock, logger, config, the fs status and artifact stores. */
export function coreModule(config: Config, runtime: Runtime = {}): ContainerModule {
  return new ContainerModule((options) => {
    options.bind(CONFIG).toConstantValue(config);
    options.bind(RUN_SETTINGS).toConstantValue(runSettingsFrom(config));
    options.bind(HOST).toConstantValue(hostname());
    options.bind(PROCESS_ID).toConstantValue(process.pid);
    options.bind(RANDOM).toConstantValue(Math.random);
    options.bind(CLOCK).toConstantValue(runtime.clock ?? new SystemClock());
    const given = runtime.logger;
    // Outside a run nothing is logged to a file (the watchdog keeps its own log through the
    // status store), so the hourly commands never load pino; a run's log loads it.
    options.bind(LOGGER).toConstantValue(given ?? SILENT);
    options
      .bind(RUN_LOGS)
      .toResolvedValue(async (): Promise<RunLogs> => {
        if (given !== undefined) return forwardingRunLogs(given);
        const { PinoRunLogs } = await import('../../../adapters/pino/pino-run-logs.js');
        return new PinoRunLogs({
          home: config.home,
          level: config.log.level,
          stdout: runtime.logToStdout === true,
        });
      })
      .inSingletonScope();
    options
      .bind(STATUS_STORE)
      .toResolvedValue(
        (logger: Logger, host: string) =>
          new FsStatusStore({ home: config.home, host, parsedMemoDir: runtime.parsedMemoDir }, logger),
        [LOGGER, HOST],
      )
      .inSingletonScope();
    options
      .bind(OUTSIDE_MEMORY)
      .toResolvedValue(() => new FsOutsideMemory({ home: config.home, folders: outsideFolders(runtime.env) }))
      .inSingletonScope();
    options
      .bind(HOME_DISK)
      .toResolvedValue(() => new FsHomeDisk({ home: config.home }))
      .inSingletonScope();
    options
      .bind(ARTIFACT_STORE)
      .toResolvedValue(() => new FsArtifactStore({ home: config.home }))
      .inSingletonScope();
  });
}

/**
 * Where the watchdog keeps what it cannot keep in an unwritable home: the user's state folder
 * (`$XDG_STATE_HOME/cbi-autopilot`, else `~/.local/state/cbi-autopilot`), then a folder of this
 * user's in the temporary folder. The default home is the user's own folder, so its state
 * folder fails with it; the temporary folder is then often another file system (tmpfs on
 * Linux) that still takes the write (docs/watchdog.md, "A home that cannot be written").
 */
function outsideFolders(given: Readonly<Record<string, string | undefined>> | undefined): string[] {
  const env = shellEnvironment(given);
  const state = env['XDG_STATE_HOME'] || join(env['HOME'] || homedir(), '.local', 'state');
  return [join(state, 'cbi-autopilot'), join(tmpdir(), `cbi-autopilot-${process.getuid?.() ?? 'user'}`)];
}

/** Every run's events to one given logger (a library user's own), bound with the run id. */
function forwardingRunLogs(logger: Logger): RunLogs {
  return {
    open: async (runId) => {
      const log = logger.child({ runLog: runId });
      return Object.assign(log, {
        key: runLogKey(runId),
        close: async (verdict?: RunVerdict) => {
          if (verdict !== undefined) log[verdict.level](verdict.message, { verdict: verdict.marker });
        },
      });
    },
  };
}

/** A logger that drops every event: the default outside a run. */
const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => SILENT,
};
