// What the benches that drive one train stage with the real native boosters share: the built
// modules they load from dist/ (CBI_DIST for another build), a silent logger, the two drivers'
// trainers, and the CPU time of the booster workers.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = resolve(process.env.CBI_DIST ?? join(root, 'dist'));

/** A module of the build, by its path under dist/. */
export const loadDist = (path) => import(pathToFileURL(join(dist, path)).href);

export const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** CPU seconds of this process's finished children (the booster workers), or NaN off Linux. */
export function childrenCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // after the command: state is field 3, so cutime (16) and cstime (17) are at 13 and 14, in ticks of 1/100 s
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The modules a train stage needs, and both libraries' trainers (CBI_LIGHTGBM_LIB / CBI_XGBOOST_LIB as for cbi). */
export async function trainStageKit() {
  const [duckdb, parquet, artifacts, trainer, lightgbm, xgboost, clock, training, quality, source, stage] =
    await Promise.all(
      [
        'adapters/duckdb/duckdb-warehouse.js',
        'adapters/parquet/parquet-dir-table-source.js',
        'adapters/fs/fs-artifact-store.js',
        'adapters/booster/child-process-trainer.js',
        'adapters/booster/lightgbm/lightgbm-driver.js',
        'adapters/booster/xgboost/xgboost-driver.js',
        'adapters/system/system-clock.js',
        'app/config/training-config.js',
        'app/config/quality-config.js',
        'app/config/source-config.js',
        'app/night/stages/train-stage.js',
      ].map(loadDist),
    );
  return {
    DuckDbWarehouse: duckdb.DuckDbWarehouse,
    ParquetDirTableSource: parquet.ParquetDirTableSource,
    FsArtifactStore: artifacts.FsArtifactStore,
    SystemClock: clock.SystemClock,
    trainingConfigSchema: training.trainingConfigSchema,
    trainStageSettings: training.trainStageSettings,
    qualityConfigSchema: quality.qualityConfigSchema,
    sourceConfigSchema: source.sourceConfigSchema,
    createTrainStage: stage.createTrainStage,
    /** What a night gives the train stage of `horizon` (run `runId`, first attempt, never aborted). */
    context: (runId, horizon) => ({
      runId,
      stage: `train_${horizon}`,
      kind: 'train',
      horizon,
      horizons: [horizon],
      attempt: 1,
      signal: new AbortController().signal,
      logger: silent,
      earlier: new Map(),
    }),
    trainers: [lightgbm.lightGbmDriver, xgboost.xgBoostDriver].map(
      (driver) => new trainer.ChildProcessTrainer(driver, {}, silent),
    ),
  };
}
