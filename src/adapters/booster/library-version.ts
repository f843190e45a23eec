/**
 * The versions of a booster library the adapter is built for. A worker checks the library it
 * opened against its range before it binds anything else, so a library too old or too new is
 * refused with one line naming the range that works, instead of a missing C function.
 */
export interface SupportedVersions {
  /** The oldest supported release, as `major.minor.patch`. */
  readonly min: string;
  /** The first major version not supported (the next major may change the C API again). */
  readonly belowMajor: number;
  /** The range in words, for messages: `XGBoost 1.7 to 3.x`. */
  readonly text: string;
}

/** The numeric parts of a version (`4.1.0.99` -> [4, 1, 0, 99]); null when it does not start with one. */
export function versionParts(version: string): number[] | null {
  const match = /^v?(\d+(?:\.\d+)*)/.exec(version.trim());
  return match?.[1] === undefined ? null : match[1].split('.').map(Number);
}

/** Numeric compare of dotted versions; missing parts count as 0. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Whether `version` lies in the range; an unparsable version does not. */
export function isSupportedVersion(version: string, range: SupportedVersions): boolean {
  const parts = versionParts(version);
  const min = versionParts(range.min);
  if (parts === null || min === null) return false;
  return compareVersions(parts, min) >= 0 && (parts[0] ?? 0) < range.belowMajor;
}

/** The one line a worker answers for a library outside its range. */
export function unsupportedVersionMessage(
  library: string,
  version: string,
  range: SupportedVersions,
): string {
  return `${library} ${version} is not supported: cbi-autopilot works with ${range.text}`;
}
