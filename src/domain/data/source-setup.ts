import { horizonPeriods, type Frequency, type Horizon } from '../horizon.js';
import { SURFACE } from '../layout.js';

/** What the source folder holds, as far as the config's promise goes (read before a run). */
export type SourceFolder =
  | { readonly state: 'missing' }
  | { readonly state: 'not_a_folder' }
  | { readonly state: 'present'; readonly names: readonly string[] };

/** The facts a night's source setup is judged on: the config's keys and the folder's files. */
export interface SourceSetup {
  readonly kind: 'fred' | 'tables';
  /** source.dir; undefined for FRED downloads (nothing to check before the run). */
  readonly dir: string | undefined;
  readonly target: string;
  readonly drivers: readonly string[];
  readonly horizons: readonly Horizon[];
  readonly minHorizons: number;
  readonly folder: SourceFolder | undefined;
  /** `fred`: the target file's frequency when it could be read (a monthly target has no 1w). */
  readonly targetFrequency?: Frequency | undefined;
}

/** The file a user's table for `horizon` is read from. */
export function tableFileName(horizon: Horizon): string {
  return `zl_training_${SURFACE}_allhistory_${horizon}.parquet`;
}

/**
 * Everything that makes a night's source unable to work, each naming the keys to change: a
 * folder that is not there, series files missing (all of them, not the first), fewer horizons
 * with a table than `run.minHorizons`. Empty when the setup can work. Pure: the caller reads
 * the folder.
 */
export function sourceSetupProblems(setup: SourceSetup): readonly string[] {
  const { dir, folder } = setup;
  if (dir === undefined || folder === undefined) return [];
  if (folder.state === 'missing')
    return [`source.dir ${dir} does not exist (set source.dir or CBI_SOURCE_DIR to the folder of your ${what(setup)})`];
  if (folder.state === 'not_a_folder')
    return [`source.dir ${dir} is a file, not a folder (set source.dir or CBI_SOURCE_DIR to the folder of your ${what(setup)})`];
  const names = new Set(folder.names);
  return setup.kind === 'tables' ? tableProblems(setup, dir, names) : seriesProblems(setup, dir, names);
}

function what(setup: SourceSetup): string {
  return setup.kind === 'tables' ? 'zl_training_prod_allhistory_<h>.parquet tables' : '<SERIES_ID>.csv series';
}

function seriesProblems(setup: SourceSetup, dir: string, names: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!names.has(`${setup.target}.csv`))
    problems.push(`source.target ${setup.target}: no ${setup.target}.csv in source.dir ${dir} (add the file or set source.target)`);
  const frequency = setup.targetFrequency;
  if (frequency !== undefined) {
    const possible = setup.horizons.filter((h) => horizonPeriods(h, frequency) !== undefined);
    if (possible.length < Math.min(setup.minHorizons, setup.horizons.length)) {
      const impossible = setup.horizons.filter((h) => !possible.includes(h));
      problems.push(
        `run.minHorizons ${setup.minHorizons}: source.target ${setup.target} is ${frequency}, so of run.horizons only ${possible.length === 0 ? 'none' : possible.join(', ')} can be forecast (${impossible.join(', ')} needs a daily target); set run.horizons to [${possible.map((h) => `"${h}"`).join(', ')}] and run.minHorizons to ${Math.max(1, possible.length)}, or forecast a daily series`,
      );
    }
  }
  const missing = setup.drivers.filter((id) => !names.has(`${id}.csv`));
  if (missing.length > 0)
    problems.push(
      `source.drivers: ${missing.length} of ${setup.drivers.length} have no file in source.dir ${dir} (${missing.map((id) => `${id}.csv`).join(', ')}; add the files or remove them from source.drivers)`,
    );
  return problems;
}

function tableProblems(setup: SourceSetup, dir: string, names: ReadonlySet<string>): string[] {
  const present = setup.horizons.filter((h) => names.has(tableFileName(h)));
  if (present.length >= Math.min(setup.minHorizons, setup.horizons.length)) return [];
  const absent = setup.horizons.filter((h) => !present.includes(h));
  const list = (hs: readonly Horizon[]) => hs.map((h) => `"${h}"`).join(', ');
  const fix =
    present.length === 0
      ? `put the tables there or set source.dir`
      : `set run.horizons to [${list(present)}] and run.minHorizons to ${present.length} (CBI_HORIZONS=${present.join(',')} CBI_MIN_HORIZONS=${present.length}), or add the missing tables`;
  return [
    `run.minHorizons ${setup.minHorizons}: source.dir ${dir} has a table for ${present.length === 0 ? 'none' : present.join(', ')} of run.horizons and none for ${absent.join(', ')} (${absent.map(tableFileName).join(', ')}); ${fix}`,
  ];
}

/** The one line a setup that cannot work fails with (exit 78), every problem in it. */
export function setupProblemsLine(problems: readonly string[]): string {
  return `the source setup cannot work: ${problems.length === 1 ? (problems[0] ?? '') : problems.map((p, i) => `(${i + 1}) ${p}`).join('; ')}`;
}
