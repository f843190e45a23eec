import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { LibraryMissingError } from '../../domain/errors.js';
import type { BoosterDriver, LibraryLocations } from './booster-driver.js';

/** A native library found on disk, with the version its files declare (or `unknown`). */
export interface LocatedLibrary {
  readonly path: string;
  /** From a VERSION.txt beside the file or a Homebrew Cellar path; null when neither says. */
  readonly declaredVersion: string | null;
  /** Where the path came from: `config`, `cache` or `system`. */
  readonly source: 'config' | 'cache' | 'system';
}

/** What to look for: one library's file names and usual locations, and the user's hints. */
export interface LibrarySearch extends LibraryLocations {
  /** `lightgbm` or `xgboost`: the cache sub-folder and the name in messages. */
  readonly name: string;
  /** The path the user configured (training.lightgbmLib, CBI_LIGHTGBM_LIB), tried first and alone. */
  readonly configured: string | undefined;
  /** The provisioning cache root; default `~/.cache/cbi-autopilot`. */
  readonly cacheDir: string | undefined;
}

/** Where the user pointed, if anywhere; the rest comes from the driver. */
export interface LibraryHints {
  /** The configured path (training.lightgbmLib / CBI_LIGHTGBM_LIB, ...): used alone when set. */
  readonly libraryPath?: string | undefined;
  /** The provisioning cache root (training.cacheDir); default ~/.cache/cbi-autopilot. */
  readonly cacheDir?: string | undefined;
  /** Default: this process's platform. */
  readonly platform?: NodeJS.Platform | undefined;
}

/** One driver's library search on a platform, with the user's hints. */
export function librarySearch(driver: BoosterDriver, hints: LibraryHints): LibrarySearch {
  return {
    name: driver.library,
    configured: hints.libraryPath,
    cacheDir: hints.cacheDir,
    ...driver.locations(hints.platform ?? process.platform),
  };
}

export function defaultCacheDir(): string {
  return join(homedir(), '.cache', 'cbi-autopilot');
}

/**
 * Finds a native library: the configured path (which must then exist: a wrong setting is not
 * silently replaced), then the provisioning cache (newest version first), then the system paths.
 * Throws LibraryMissingError with one line saying what is missing and how to get it.
 */
export function locateLibrary(search: LibrarySearch): LocatedLibrary {
  if (search.configured !== undefined && search.configured !== '') {
    if (existsSync(search.configured)) {
      return {
        path: search.configured,
        declaredVersion: declaredVersion(search.configured),
        source: 'config',
      };
    }
    throw new LibraryMissingError(
      `${search.name} library not found at the configured path ${search.configured}: fix the path or ${search.howToGet}`,
      { hint: search.howToGet },
    );
  }
  const cacheRoot = join(search.cacheDir ?? defaultCacheDir(), search.name);
  for (const version of cachedVersions(cacheRoot)) {
    for (const file of search.cacheFiles) {
      const path = join(cacheRoot, version, file);
      if (existsSync(path))
        return { path, declaredVersion: declaredVersion(path) ?? version, source: 'cache' };
    }
  }
  for (const path of search.systemPaths) {
    if (existsSync(path)) return { path, declaredVersion: declaredVersion(path), source: 'system' };
  }
  throw new LibraryMissingError(`${search.name} library not found: ${search.howToGet}`, {
    hint: search.howToGet,
  });
}

/** Version folders under the cache, newest first (numeric compare of dotted parts). */
function cachedVersions(root: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && /^\d+(\.\d+)*$/.test(entry.name))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return entries.sort((a, b) => compareVersions(b, a));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** A VERSION.txt beside the file (written by the provisioning script), or a Homebrew Cellar path. */
function declaredVersion(path: string): string | null {
  const file = join(dirname(path), 'VERSION.txt');
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (text !== '') return text;
  }
  try {
    const cellar = /\/Cellar\/[^/]+\/([^/]+)\//.exec(realpathSync(path));
    return cellar?.[1] ?? null;
  } catch {
    return null;
  }
}
