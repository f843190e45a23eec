import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from './config-schema.js';
import { CONFIG_FILE_NAME, ENV_OVERRIDES, getPath, NOT_RECORDED, setPath } from './load-config.js';
import { isJsonObject } from '../../domain/json-object.js';
import { isSecretName } from '../../domain/jobs/job-environment.js';
import type { RunEnvironment } from '../../domain/night/run.js';

/** One setting install copies from the installing shell into the config file. */
export interface RecordedSetting {
  /** Dotted path in the config, e.g. "source.dir". */
  readonly key: string;
  readonly variable: string;
  readonly value: unknown;
}

/**
 * The config file with the installing shell's CBI_* overrides written in: the OS jobs and the
 * watchdog's catch-up runs never see that shell, so without this they would run with another
 * configuration than the manual run did (downloading from FRED where it used a folder).
 * Values are the validated ones (paths made absolute). Undefined when nothing changes.
 */
export function recordShellOverrides(input: {
  /** The config file's text, undefined when there is none yet. */
  readonly raw: string | undefined;
  readonly config: Config;
  readonly shell: Readonly<Record<string, string | undefined>>;
}): { readonly content: string; readonly recorded: readonly RecordedSetting[] } | undefined {
  const parsed: unknown = input.raw === undefined ? {} : JSON.parse(input.raw);
  if (!isJsonObject(parsed)) return undefined;
  const recorded: RecordedSetting[] = [];
  for (const [variable, path] of Object.entries(ENV_OVERRIDES)) {
    const set = input.shell[variable];
    if (set === undefined || set === '') continue;
    const value = getPath(input.config, path);
    if (value === undefined || JSON.stringify(getPath(parsed, path)) === JSON.stringify(value)) continue;
    setPath(parsed, path, value);
    recorded.push({ key: path.join('.'), variable, value });
  }
  if (recorded.length === 0) return undefined;
  return { content: `${JSON.stringify(parsed, null, 2)}\n`, recorded };
}

/**
 * Records in the config file every CBI_* setting a manual run took from its environment that the
 * unattended runs need (the OS jobs and the watchdog's catch-up runs never see that shell), so
 * they do exactly what this run does: a tables home recorded without its kind made every
 * catch-up run fail with exit 69. What it does not record is said, with why: a log level, the
 * schedule (install's), and a value holding credentials (never written into the config file).
 * A file that cannot be written leaves everything unrecorded, saying so. Null when the run took
 * nothing from its environment.
 */
export async function recordRunEnvironment(config: Config): Promise<RunEnvironment | null> {
  const variables = config.fromEnvironment ?? [];
  if (variables.length === 0) return null;
  const file = config.configFile ?? join(config.home, CONFIG_FILE_NAME);
  let content: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    content = isJsonObject(parsed) ? parsed : {};
  } catch (cause) {
    if (!(cause instanceof Error && 'code' in cause && cause.code === 'ENOENT')) {
      // never write over a file that could not be read back
      const reason = `could not read ${file} back (${cause instanceof Error ? cause.message : String(cause)}): the unattended runs will not use it`;
      return {
        file,
        recorded: [],
        not_recorded: variables.flatMap((variable) => {
          const path = ENV_OVERRIDES[variable];
          return path === undefined ? [] : [{ variable, key: path.join('.'), reason }];
        }),
      };
    }
    content = {};
  }
  const recorded: { variable: string; key: string; value: unknown; changed: boolean }[] = [];
  const notRecorded: { variable: string; key: string; reason: string }[] = [];
  for (const variable of variables) {
    const path = ENV_OVERRIDES[variable];
    if (path === undefined) continue;
    const key = path.join('.');
    const value = getPath(config, path);
    const reason = NOT_RECORDED[variable] ?? credentialsIn(variable, value);
    if (reason !== undefined) {
      notRecorded.push({ variable, key, reason });
      continue;
    }
    const changed = JSON.stringify(getPath(content, path)) !== JSON.stringify(value);
    if (changed) setPath(content, path, value);
    recorded.push({ variable, key, value, changed });
  }
  if (recorded.some((r) => r.changed)) {
    try {
      await mkdir(dirname(file), { recursive: true });
      const temporary = `${file}.tmp-${process.pid}`;
      await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
      await rename(temporary, file);
    } catch (cause) {
      const why = `could not write ${file} (${cause instanceof Error ? cause.message : String(cause)}): the unattended runs will not use it; set it in the config file`;
      return {
        file,
        recorded: recorded.filter((r) => !r.changed),
        not_recorded: [
          ...recorded
            .filter((r) => r.changed)
            .map((r) => ({ variable: r.variable, key: r.key, reason: why })),
          ...notRecorded,
        ],
      };
    }
  }
  return { file, recorded, not_recorded: notRecorded };
}

/** Why a value may not go into the config file (a URL with a password or a key), or undefined. */
function credentialsIn(variable: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const secretParameter = [...url.searchParams.keys()].some((name) => isSecretName(name));
  if (url.username === '' && url.password === '' && !secretParameter) return undefined;
  return `it holds credentials, which never go into the config file: list ${variable} in jobs.passEnvironment and jobs.secrets, then run \`cbi install\` (the jobs get it from their private secrets file)`;
}
