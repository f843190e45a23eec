import type { Config } from './config-schema.js';
import { ENV_OVERRIDES } from './load-config.js';
import { isJsonObject } from '../../domain/json-object.js';

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

function getPath(target: unknown, path: readonly string[]): unknown {
  let node = target;
  for (const key of path) {
    if (!isJsonObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (isJsonObject(next)) node = next;
    else {
      const created: Record<string, unknown> = {};
      node[key] = created;
      node = created;
    }
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}
