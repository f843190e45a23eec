import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../../domain/errors.js';
import { nodeFs } from '../node-fs.js';
import type { Config } from './config-schema.js';
import { readCachedConfig, writeCachedConfig } from './config-cache.js';
import { byWarehouseKind } from './warehouse-kind.js';
import type { WarehouseConfig } from './warehouse-config.js';
import { isJsonObject } from '../../domain/json-object.js';

/** The name of the config file looked for in the home. */
export const CONFIG_FILE_NAME = 'cbi.config.json';

/**
 * Environment overrides: variable -> path in the config. Values are JSON when they parse as
 * JSON (numbers, booleans, arrays), else strings; CBI_HORIZONS also takes "1m,3m".
 */
export const ENV_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  CBI_HORIZONS: ['run', 'horizons'],
  CBI_MIN_HORIZONS: ['run', 'minHorizons'],
  CBI_MIN_CURRENT_HORIZONS: ['run', 'delivery', 'minCurrentHorizons'],
  CBI_STALE_FORECASTS: ['run', 'delivery', 'staleForecasts'],
  CBI_DEADLINE_MINUTES: ['run', 'deadlineMinutes'],
  CBI_LOG_LEVEL: ['log', 'level'],
  CBI_WAREHOUSE_PATH: ['warehouse', 'path'],
  CBI_SOURCE_KIND: ['source', 'kind'],
  CBI_SOURCE_DIR: ['source', 'dir'],
  CBI_FRED_BASE_URL: ['source', 'baseUrl'],
  CBI_TRAINING_PRESET: ['training', 'preset'],
  CBI_LIGHTGBM_LIB: ['training', 'lightgbmLib'],
  CBI_XGBOOST_LIB: ['training', 'xgboostLib'],
  CBI_THREADS: ['training', 'threads'],
  CBI_CACHE_DIR: ['training', 'cacheDir'],
  CBI_TIMEZONE: ['schedule', 'timeZone'],
  CBI_SCHEDULE_TIME: ['schedule', 'time'],
};

/**
 * The variables a manual run takes but does not record for the unattended runs, and why (every
 * other variable of ENV_OVERRIDES is recorded in the config file: the night does what it says).
 */
export const NOT_RECORDED: Readonly<Record<string, string>> = {
  CBI_LOG_LEVEL: "a log level is for reading this run's log; set log.level in the config to keep one",
  CBI_TIMEZONE:
    "the schedule is the installed jobs' calendar: `cbi install` records it and sets the jobs' times together",
  CBI_SCHEDULE_TIME:
    "the schedule is the installed jobs' calendar: `cbi install` records it and sets the jobs' times together",
};

export interface LoadConfigOptions {
  /** --home; else CBI_HOME; else the user's home directory. */
  readonly home?: string | undefined;
  /** --config; else CBI_CONFIG; else `<home>/cbi.config.json` if it exists. */
  readonly configFile?: string | undefined;
  /** Defaults to process.env; tests pass their own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overrides from the command line, applied last (e.g. { run: { horizons: ['1m'] } }). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /**
   * A folder where a parsed config is kept for the next process with the same inputs, so the
   * hourly commands start without loading the schemas (the CLI passes one under the user's
   * cache folder). None by default.
   */
  readonly cacheDir?: string | undefined;
}

/** The only place that reads process.env and the config file. Throws ConfigError with one clear line. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<Config> {
  const env = options.env ?? process.env;
  const home = resolve(options.home ?? env['CBI_HOME'] ?? homedir());
  const explicitFile = options.configFile ?? env['CBI_CONFIG'];
  const file = explicitFile !== undefined ? resolve(explicitFile) : join(home, CONFIG_FILE_NAME);
  const raw = await readConfigFile(file, explicitFile !== undefined);
  const merged: Record<string, unknown> = raw.content;
  const fromEnv = new Map<string, string>();
  for (const [variable, path] of Object.entries(ENV_OVERRIDES)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    setPath(merged, path, parseEnvValue(variable, value));
    fromEnv.set(path.join('.'), variable);
  }
  for (const [section, value] of Object.entries(options.overrides ?? {})) {
    const current = merged[section];
    merged[section] = isJsonObject(current) && isJsonObject(value) ? { ...current, ...value } : value;
  }
  // a command-line override of the same key is what the config holds, not the variable
  const fromEnvironment = [...fromEnv]
    .filter(([path]) => getPath(options.overrides, path.split('.')) === undefined)
    .map(([, variable]) => variable);
  const inputs = { merged, home, file: raw.found ? file : null, cwd: process.cwd(), fromEnvironment };
  if (options.cacheDir !== undefined) {
    const cached = await readCachedConfig(options.cacheDir, inputs);
    if (cached !== undefined) return cached;
  }
  const { configFileSchema } = await import('./config-schema.js');
  const parsed = configFileSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    const variable = [...fromEnv].find(([path]) => where === path || where.startsWith(`${path}.`))?.[1];
    if (variable !== undefined) {
      throw new ConfigError(
        `invalid ${variable} (${where}): ${issue?.message ?? 'invalid'} (got "${env[variable] ?? ''}")`,
        { hint: `fix or unset the environment variable ${variable} (README, "Configuration")` },
      );
    }
    const origin = raw.found ? file : 'the command line';
    if (issue?.code === 'unrecognized_keys') {
      const key = [...issue.path.map(String), issue.keys[0] ?? ''].join('.');
      throw new ConfigError(`unknown config key ${key} in ${origin}`, {
        hint: 'check its spelling against the README, "Configuration", or remove it',
      });
    }
    throw new ConfigError(`invalid config ${where} in ${origin}: ${issue?.message ?? 'invalid'}`, {
      hint: 'fix that field or remove it to use the default (README, "Configuration")',
    });
  }
  // Every section drops keys it does not know; a key the parse dropped is a typo (run.horizonz).
  const unknown = unknownKeys(merged, parsed.data, []);
  if (unknown !== undefined) {
    throw new ConfigError(`unknown config key ${unknown} in ${raw.found ? file : 'the command line'}`, {
      hint: 'check its spelling against the README, "Configuration", or remove it',
    });
  }
  const config = parsed.data;
  const result: Config = {
    ...config,
    warehouse: byWarehouseKind<WarehouseConfig>(config.warehouse, {
      duckdb: (duckdb) => ({ ...duckdb, path: absoluteIn(home, duckdb.path) }),
      bigquery: (bigquery) =>
        bigquery.keyFile === undefined
          ? bigquery
          : { ...bigquery, keyFile: absoluteIn(home, bigquery.keyFile) },
    }),
    source:
      config.source.dir === undefined ? config.source : { ...config.source, dir: resolve(config.source.dir) },
    home,
    configFile: raw.found ? file : null,
    fromEnvironment,
  };
  if (options.cacheDir !== undefined) await writeCachedConfig(options.cacheDir, inputs, result);
  return result;
}

/** The first key of `input` (dotted path) that the parse dropped from `output`, or undefined. */
function unknownKeys(input: unknown, output: unknown, path: readonly string[]): string | undefined {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (const [i, item] of input.entries()) {
      const found = unknownKeys(item, output[i], [...path, String(i)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isJsonObject(input) || !isJsonObject(output)) return undefined;
  for (const [key, value] of Object.entries(input)) {
    if (!(key in output)) return [...path, key].join('.');
    const found = unknownKeys(value, output[key], [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function absoluteIn(home: string, path: string): string {
  return isAbsolute(path) ? path : join(home, path);
}

async function readConfigFile(
  file: string,
  required: boolean,
): Promise<{ content: Record<string, unknown>; found: boolean }> {
  let text: string;
  try {
    text = nodeFs.readFileSync(file, 'utf8');
  } catch (cause) {
    if (!required && isNodeError(cause) && cause.code === 'ENOENT') return { content: {}, found: false };
    throw new ConfigError(`cannot read config file ${file}`, {
      cause,
      hint: 'check the path given to --config or CBI_CONFIG',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(
      `config file ${file} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`,
      {
        cause,
        hint: 'fix the JSON syntax',
      },
    );
  }
  if (!isJsonObject(json))
    throw new ConfigError(`config file ${file} must hold a JSON object`, {
      hint: 'wrap the settings in { }',
    });
  return { content: json, found: true };
}

function parseEnvValue(variable: string, value: string): unknown {
  if (variable === 'CBI_HORIZONS' && !value.trim().startsWith('[')) {
    return value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The value at `path` in a parsed config file (undefined where a step is not an object). */
export function getPath(target: unknown, path: readonly string[]): unknown {
  let node = target;
  for (const key of path) {
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets the value at `path` in a parsed config file, making the objects on the way. */
export function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (isJsonObject(next)) {
      node = next;
    } else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
