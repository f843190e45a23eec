import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textDigest } from '../../domain/text-digest.js';
import { nodeFs } from '../node-fs.js';
import type { Config } from './config-schema.js';

/** How many parsed configs are kept; the oldest go first. */
const KEEP = 20;

/**
 * A parsed config kept for the next process with the very same inputs (the merged file,
 * variables and overrides, the home, the file's path, the working folder, this build), so the
 * hourly commands need not load the config schemas at all. Anything that could change the result
 * changes the key; a build changes it too (this module's own mtime), so a new version never
 * reads an old version's parse. Errors are never cached: a bad config is parsed, and refused, every time.
 */
export async function readCachedConfig(dir: string, inputs: unknown): Promise<Config | undefined> {
  const key = cacheKey(inputs);
  try {
    const stored: unknown = JSON.parse(nodeFs.readFileSync(join(dir, `config-${key}.json`), 'utf8'));
    return isEntry(stored) && stored.key === key ? stored.config : undefined;
  } catch {
    return undefined; // a missing or damaged entry is a miss
  }
}

/** Keeps the parse (atomically); a cache that cannot be written is skipped, never an error. */
export async function writeCachedConfig(dir: string, inputs: unknown, config: Config): Promise<void> {
  try {
    const key = cacheKey(inputs);
    nodeFs.mkdirSync(dir, { recursive: true });
    const path = join(dir, `config-${key}.json`);
    const temporary = `${path}.${process.pid}.tmp`;
    nodeFs.writeFileSync(temporary, JSON.stringify({ key, config }));
    nodeFs.renameSync(temporary, path);
    prune(dir);
  } catch {
    // the cache only saves start-up time
  }
}

interface Entry {
  readonly key: string;
  readonly config: Config;
}

// The entry was written by writeCachedConfig from a config that passed the schema, under a key
// that names its exact inputs: checking the key is checking that it is that config.
function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && 'key' in value && 'config' in value;
}

let buildStamp: string | undefined;

function cacheKey(inputs: unknown): string {
  buildStamp ??= stampOf(fileURLToPath(import.meta.url));
  return textDigest(`${buildStamp}\n${JSON.stringify(inputs)}`);
}

function stampOf(path: string): string {
  try {
    const info = nodeFs.statSync(path);
    return `${info.mtimeMs}:${info.size}`;
  } catch {
    return 'unknown';
  }
}

function prune(dir: string): void {
  const names = nodeFs.readdirSync(dir).filter((n) => n.startsWith('config-') && n.endsWith('.json'));
  if (names.length <= KEEP) return;
  const dated = names.flatMap((name) => {
    const info = nodeFs.statSync(join(dir, name), { throwIfNoEntry: false });
    return info === undefined ? [] : [{ name, at: info.mtimeMs }];
  });
  dated.sort((a, b) => a.at - b.at);
  for (const { name } of dated.slice(0, dated.length - KEEP)) nodeFs.rmSync(join(dir, name), { force: true });
}
