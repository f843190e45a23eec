import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../domain/errors.js';
import type { Frequency, Horizon } from '../../domain/horizon.js';
import { inferFrequency } from '../../domain/data/series.js';
import { setupProblemsLine, sourceSetupProblems, type SourceFolder } from '../../domain/data/source-setup.js';
import type { Config } from '../config/config-schema.js';

/**
 * Before a night starts: whether the embedded warehouse's source can work with the run's
 * settings (the folder there, every series file in it, enough horizons with a table). All that
 * is wrong is thrown at once as one ConfigError (exit 78: a setting to fix, not an outage; the
 * run fails its first stage with it, on the record),
 * instead of the export failing on the first missing file as unavailable (69, transient: retried)
 * or the run failing after training as `only 1 of 5 horizons trained`. BigQuery's tables are
 * built upstream: nothing to check.
 */
export async function checkSourceSetup(
  config: Config,
  run: { readonly horizons: readonly Horizon[]; readonly minHorizons: number },
): Promise<void> {
  if (config.warehouse.kind !== 'duckdb') return;
  const source = config.source;
  const folder = source.dir === undefined ? undefined : await readFolder(source.dir);
  const problems = sourceSetupProblems({
    kind: source.kind,
    dir: source.dir,
    target: source.target,
    drivers: source.drivers,
    horizons: run.horizons,
    minHorizons: run.minHorizons,
    folder,
    targetFrequency:
      source.kind === 'fred' && source.dir !== undefined && folder?.state === 'present'
        ? await fileFrequency(join(source.dir, `${source.target}.csv`))
        : undefined,
  });
  if (problems.length > 0)
    throw new ConfigError(setupProblemsLine(problems), {
      hint: 'fix those keys in the config file (README, "Configuration")',
    });
}

async function readFolder(dir: string): Promise<SourceFolder> {
  try {
    if (!(await stat(dir)).isDirectory()) return { state: 'not_a_folder' };
    return { state: 'present', names: await readdir(dir) };
  } catch {
    // unreadable counts as not there: the line names the folder to check
    return { state: 'missing' };
  }
}

/**
 * The frequency of a fredgraph.csv file from its dates (first column after the header); undefined
 * when it cannot be read (the export then names what is wrong with it).
 */
async function fileFrequency(path: string): Promise<Frequency | undefined> {
  try {
    const lines = (await readFile(path, 'utf8')).split('\n').slice(1);
    const dates = lines
      .map((line) => line.slice(0, line.indexOf(',')))
      .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
    return dates.length === 0 ? undefined : inferFrequency(dates);
  } catch {
    return undefined;
  }
}
