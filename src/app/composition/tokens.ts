import type { ServiceIdentifier } from 'inversify';
import type { Config } from '../config/config-schema.js';
import type { RunSettings } from '../night/run-nightly.js';
import type { NightlyStages } from '../night/stage.js';

/** The validated configuration. */
export const CONFIG: ServiceIdentifier<Config> = Symbol.for('cbi.Config');
/** The stage bodies of a nightly run. */
export const NIGHTLY_STAGES: ServiceIdentifier<NightlyStages> = Symbol.for('cbi.NightlyStages');
/** The run's bounds, from the config. */
export const RUN_SETTINGS: ServiceIdentifier<RunSettings> = Symbol.for('cbi.RunSettings');
/** This machine's host name. */
export const HOST: ServiceIdentifier<string> = Symbol.for('cbi.Host');
