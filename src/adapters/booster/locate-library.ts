import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { LibraryMissingError } from '../../domain/errors.js';
import type { BoosterDriver, LibraryLocations } from './booster-driver.js';
import { libraryArchitectures } from './library-architecture.js';
import { compareVersions, versionParts } from './library-version.js';

/** A native library found on disk, with the version its files declare (or `unknown`). */
export interface LocatedLibrary {
  readonly path: string;
  /** From a VERSION.txt beside the file or a Homebrew Cellar path; null when neither says. */
  readonly declaredVersion: string | null;
  /** Where the path came from: `config`, `cache` or `system`. */
  readonly source: 'config' | 'cache' | 'system';
  /** Where it came from in words, for cbi doctor: `Homebrew`, `Debian package`, `built from ...`. */
  readonly origin: string;
}

/** What to look for: one library's file names and usual locations, and the user's hints. */
export interface LibrarySearch extends LibraryLocations {
  /** `lightgbm` or `xgboost`: the cache sub-folder and the name in messages. */
  readonly name: string;
  /** The path the user configured (training.lightgbmLib, CBI_LIGHTGBM_LIB), tried first and alone. */
  readonly configured: string | undefined;
  /** The provisioning cache root; default `~/.cache/cbi-autopilot`. */
  readonly cacheDir: string | undefined;
  /** The architecture the library must be built for: this process's (process.arch). */
  readonly arch: string;
}

/** Where the user pointed, if anywhere; the rest comes from the driver. */
export interface LibraryHints {
  /** The configured path (training.lightgbmLib / CBI_LIGHTGBM_LIB, ...): used alone when set. */
  readonly libraryPath?: string | undefined;
  /** The provisioning cache root (training.cacheDir); default ~/.cache/cbi-autopilot. */
  readonly cacheDir?: string | undefined;
  /** Default: this process's platform. */
  readonly platform?: NodeJS.Platform | undefined;
  /** Default: this process's architecture. */
  readonly arch?: string | undefined;
}

/** One driver's library search on a platform, with the user's hints. */
export function librarySearch(driver: BoosterDriver, hints: LibraryHints): LibrarySearch {
  return {
    name: driver.library,
    configured: hints.libraryPath,
    cacheDir: hints.cacheDir,
    arch: hints.arch ?? process.arch,
    ...driver.locations(hints.platform ?? process.platform),
  };
}

export function defaultCacheDir(): string {
  return join(homedir(), '.cache', 'cbi-autopilot');
}

/**
 * Finds a native library: the configured path (which must then exist and suit this process: a
 * wrong setting is not silently replaced), then the provisioning cache (newest version first),
 * then the system paths. A file built for another architecture (an Intel Homebrew's under an
 * arm64 Node) is passed over, and named when nothing else is found. Throws LibraryMissingError
 * with one line saying what is missing and how to get it.
 */
export function locateLibrary(search: LibrarySearch): LocatedLibrary {
  if (search.configured !== undefined && search.configured !== '') {
    if (existsSync(search.configured)) {
      const foreign = foreignArchitecture(search.configured, search.arch);
      if (foreign !== undefined) {
        throw new LibraryMissingError(
          `${search.name} library at the configured path ${mismatchLine(search.configured, foreign, search.arch)}: fix the path or ${search.howToGet}`,
          { hint: search.howToGet },
        );
      }
      return located(search.configured, 'config', declaredVersion(search.configured), 'set in the config');
    }
    throw new LibraryMissingError(
      `${search.name} library not found at the configured path ${search.configured}: fix the path or ${search.howToGet}`,
      { hint: search.howToGet },
    );
  }
  const passedOver: string[] = [];
  const suits = (path: string): boolean => {
    const foreign = foreignArchitecture(path, search.arch);
    if (foreign !== undefined) passedOver.push(mismatchLine(path, foreign, search.arch));
    return foreign === undefined;
  };
  const cacheRoot = join(search.cacheDir ?? defaultCacheDir(), search.name);
  for (const version of cachedVersions(cacheRoot)) {
    for (const file of search.cacheFiles) {
      const path = join(cacheRoot, version, file);
      if (existsSync(path) && suits(path))
        return located(path, 'cache', declaredVersion(path) ?? version, cacheOrigin(path));
    }
  }
  for (const path of search.systemPaths) {
    if (existsSync(path) && suits(path))
      return located(path, 'system', declaredVersion(path), systemOrigin(path));
  }
  if (passedOver.length > 0) {
    throw new LibraryMissingError(`${search.name} library ${passedOver.join('; ')}: ${search.howToGet}`, {
      hint: search.howToGet,
    });
  }
  throw new LibraryMissingError(`${search.name} library not found: ${search.howToGet}`, {
    hint: search.howToGet,
  });
}

function located(
  path: string,
  source: LocatedLibrary['source'],
  version: string | null,
  origin: string,
): LocatedLibrary {
  return { path, declaredVersion: version, source, origin };
}

/** The architectures the file is built for when this process's is not among them. */
function foreignArchitecture(path: string, arch: string): string[] | undefined {
  const architectures = libraryArchitectures(path);
  return architectures.length === 0 || architectures.includes(arch) ? undefined : architectures;
}

function mismatchLine(path: string, architectures: readonly string[], arch: string): string {
  return `${path} is built for ${architectures.join(' and ')}, but this Node.js runs on ${arch}`;
}

/** What the provisioning script wrote about the build (SOURCE.txt), else the cache itself. */
function cacheOrigin(path: string): string {
  const file = join(dirname(path), 'SOURCE.txt');
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (text !== '') return `provisioning cache, ${text}`;
  }
  return 'provisioning cache';
}

/** Homebrew (a Cellar path behind the link), a Debian package (its multiarch folder), or a system path. */
function systemOrigin(path: string): string {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // a path that exists but cannot be resolved keeps its own name
  }
  const cellar = /\/Cellar\/([^/]+)\/([^/]+)\//.exec(real);
  if (cellar !== null) return `Homebrew ${cellar[1]} ${cellar[2]}`;
  if (/^\/usr\/lib\/[a-z0-9_]+-linux-gnu\//.test(path)) return 'Debian package';
  return 'system path';
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
  return entries.sort((a, b) => compareVersions(versionParts(b) ?? [], versionParts(a) ?? []));
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
