import type { ContainerModule } from 'inversify';
import { createContainer, disposeContainer } from './app/composition/container.js';
import { packageVersion } from './app/composition/package-root.js';
import { USE_CASES, type UseCases } from './app/composition/use-cases.js';
import type { Config } from './app/config/config-schema.js';
import { readJobSecrets } from './app/config/job-secrets.js';
import { loadConfig, type LoadConfigOptions } from './app/config/load-config.js';
import type { Clock } from './ports/clock.port.js';
import { LOGGER, type Logger } from './ports/logger.port.js';

export type { InstallOptions, RunNightOptions } from './app/composition/use-cases.js';

export interface OpenAutopilotOptions extends LoadConfigOptions {
  /** A config made by loadConfig; when given, home, configFile, env and overrides are not read. */
  readonly config?: Config;
  /** Container modules loaded last: rebind a port's token to plug in your own adapter. */
  readonly modules?: readonly ContainerModule[];
  /** Receives every event, the runs' too (instead of the run log files). */
  readonly logger?: Logger;
  /** Your clock instead of the system's. */
  readonly clock?: Clock;
  /** Also write each run's JSON log lines to stdout. Default false. */
  readonly logToStdout?: boolean;
  /**
   * A folder outside the home where the status files read before are kept parsed, so that reading
   * them again needs no schema (the CLI passes the user's cache; start-up time only). Default none.
   */
  readonly parsedMemoDir?: string;
}

/** cbi-autopilot, wired for one home: what the CLI and the OS jobs use, and other tools may. */
export interface Autopilot extends UseCases {
  /** The validated configuration in force. */
  readonly config: Config;
  /** Lets go of everything opened (connections, files). Never throws. */
  close(): Promise<void>;
}

/**
 * Opens cbi-autopilot on a home: reads the config (file, CBI_* variables, overrides; throws
 * ConfigError with one clear line) unless one is given, and wires the adapters it chooses.
 * Nothing heavy is opened until an operation needs it (`status` never loads DuckDB or koffi).
 * A thin facade: the use cases are bound in the container (each night a child container).
 */
export async function openAutopilot(options: OpenAutopilotOptions = {}): Promise<Autopilot> {
  const config = options.config ?? (await loadConfig(options));
  const container = await createContainer(
    config,
    {
      logger: options.logger,
      clock: options.clock,
      logToStdout: options.logToStdout,
      env: options.env,
      parsedMemoDir: options.parsedMemoDir,
    },
    ...(options.modules ?? []),
  );
  return {
    ...container.get(USE_CASES),
    config,
    close: () => disposeContainer(container, container.get(LOGGER)),
  };
}

/** The installed cbi-autopilot's version (its package.json). */
export function autopilotVersion(): string {
  return packageVersion();
}

/**
 * The secret variables of an installed job (the file CBI_SECRETS_FILE names, written by
 * `cbi install` with mode 0600), minus those `env` already sets. Empty outside a job.
 * Throws ConfigError when the file cannot be read.
 */
export function jobSecrets(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  return readJobSecrets(env);
}
