import type { ServiceIdentifier } from 'inversify';
import type { Config } from '../config/config-schema.js';
import type { Logger } from '../../ports/logger.port.js';
import type { SetAsideFile } from '../../domain/night/run.js';
import type { OpenedStages, RunSettings } from '../night/run-nightly.js';
import type { NightlyStages } from '../night/stage.js';

/**
 * A run's list of the derived files set aside while its stages opened (bound per run by
 * OPEN_STAGES; the embedded warehouse's binding adds to it).
 */
export const SET_ASIDE_FILES: ServiceIdentifier<SetAsideFile[]> = Symbol.for('cbi.SetAsideFiles');
/** The validated configuration. */
export const CONFIG: ServiceIdentifier<Config> = Symbol.for('cbi.Config');
/** The stage bodies of a nightly run. */
export const NIGHTLY_STAGES: ServiceIdentifier<NightlyStages> = Symbol.for('cbi.NightlyStages');
/** The run's bounds, from the config. */
export const RUN_SETTINGS: ServiceIdentifier<RunSettings> = Symbol.for('cbi.RunSettings');
/** This machine's host name. */
export const HOST: ServiceIdentifier<string> = Symbol.for('cbi.Host');
/** This process's id, recorded in the runs and locks it takes. */
export const PROCESS_ID: ServiceIdentifier<number> = Symbol.for('cbi.ProcessId');
/** Draws a number in [0, 1) for the retry jitter. */
export const RANDOM: ServiceIdentifier<() => number> = Symbol.for('cbi.Random');
/**
 * Opens a night's stages in a child container of the run's own, logging to the run's log: the
 * warehouse it opens (a DuckDB file lock) and the trainers are let go when the run closes it.
 */
export const OPEN_STAGES: ServiceIdentifier<(runLogger: Logger) => Promise<OpenedStages>> =
  Symbol.for('cbi.OpenStages');
