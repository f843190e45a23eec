import { describe, expect, it } from 'vitest';
import { sourceSetupProblems, type SourceSetup } from '../../../../src/domain/data/source-setup.js';

const fred: SourceSetup = {
  kind: 'fred',
  dir: '/data/fred',
  target: 'PSOILUSDM',
  drivers: ['PSOYBUSDM', 'DGS10'],
  horizons: ['1m', '3m'],
  minHorizons: 2,
  folder: { state: 'present', names: ['PSOILUSDM.csv', 'PSOYBUSDM.csv', 'DGS10.csv'] },
};
const tables: SourceSetup = {
  ...fred,
  kind: 'tables',
  dir: '/data/cbi-v14',
  horizons: ['1w', '1m', '3m', '6m', '12m'],
  folder: { state: 'present', names: ['zl_training_prod_allhistory_1m.parquet', 'zl_training_prod_allhistory_6m.parquet'] },
};

describe('sourceSetupProblems', () => {
  it('finds nothing wrong when every file is there, or when series are downloaded (no folder to check)', () => {
    expect(sourceSetupProblems(fred)).toEqual([]);
    expect(sourceSetupProblems({ ...fred, dir: undefined, folder: undefined })).toEqual([]);
    expect(sourceSetupProblems(tables)).toEqual([]);
  });

  it('lists the target and every driver without a file, each with its key', () => {
    expect(sourceSetupProblems({ ...fred, folder: { state: 'present', names: ['DGS10.csv'] } })).toEqual([
      'source.target PSOILUSDM: no PSOILUSDM.csv in source.dir /data/fred (add the file or set source.target)',
      'source.drivers: 1 of 2 have no file in source.dir /data/fred (PSOYBUSDM.csv; add the files or remove them from source.drivers)',
    ]);
  });

  it('says which horizons have a table when fewer than run.minHorizons do', () => {
    expect(sourceSetupProblems({ ...tables, minHorizons: 3 })).toEqual([
      'run.minHorizons 3: source.dir /data/cbi-v14 has a table for 1m, 6m of run.horizons and none for 1w, 3m, 12m (zl_training_prod_allhistory_1w.parquet, zl_training_prod_allhistory_3m.parquet, zl_training_prod_allhistory_12m.parquet); set run.horizons to ["1m", "6m"] and run.minHorizons to 2 (CBI_HORIZONS=1m,6m CBI_MIN_HORIZONS=2), or add the missing tables',
    ]);
  });

  it('names a folder that is missing or is a file', () => {
    expect(sourceSetupProblems({ ...tables, folder: { state: 'missing' } })).toEqual([
      'source.dir /data/cbi-v14 does not exist (set source.dir or CBI_SOURCE_DIR to the folder of your zl_training_prod_allhistory_<h>.parquet tables)',
    ]);
    expect(sourceSetupProblems({ ...fred, folder: { state: 'not_a_folder' } })).toEqual([
      'source.dir /data/fred is a file, not a folder (set source.dir or CBI_SOURCE_DIR to the folder of your <SERIES_ID>.csv series)',
    ]);
  });

  it('counts only the horizons the target\'s frequency can express (a monthly target has no 1w)', () => {
    const monthly = { ...fred, horizons: ['1w', '1m'] as const, targetFrequency: 'monthly' as const };
    expect(sourceSetupProblems(monthly)).toEqual([
      'run.minHorizons 2: source.target PSOILUSDM is monthly, so of run.horizons only 1m can be forecast (1w needs a daily target); set run.horizons to ["1m"] and run.minHorizons to 1, or forecast a daily series',
    ]);
    expect(sourceSetupProblems({ ...monthly, targetFrequency: 'daily' })).toEqual([]);
    expect(sourceSetupProblems({ ...monthly, minHorizons: 1 })).toEqual([]);
  });
});
