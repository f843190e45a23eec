// The ML stages of one night on the real data with the real native boosters: DuckDB loaded from
// data/fred, then train (walk-forward + final model, both libraries) for every monthly
// horizon, predict, upload and evaluate. Prints wall time per stage and per library, walk-forward
// MAPE next to the naive forecast, and the peak RSS of this process.
// Run: npm run build && node_modules/.bin/node bench/train-stages.bench.mjs [embedded|seed] [folds]
// (CBI_DIST=<folder> to use another build of src; CBI_LIGHTGBM_LIB / CBI_XGBOOST_LIB as for cbi.)
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.CBI_DIST ?? join(root, 'dist'));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const preset = process.argv[2] ?? 'embedded';
const folds = Number(process.argv[3] ?? 12);

const { DuckDbWarehouse } = await load('adapters/duckdb/duckdb-warehouse.js');
const { FredSeriesSource } = await load('adapters/fred/fred-series-source.js');
const { FsArtifactStore } = await load('adapters/fs/fs-artifact-store.js');
const { ChildProcessTrainer } = await load('adapters/booster/child-process-trainer.js');
const { lightGbmDriver } = await load('adapters/booster/lightgbm/lightgbm-driver.js');
const { xgBoostDriver } = await load('adapters/booster/xgboost/xgboost-driver.js');
const { SystemClock } = await load('adapters/system/system-clock.js');
const { sourceConfigSchema } = await load('app/config/source-config.js');
const { trainingConfigSchema, trainStageSettings } = await load('app/config/training-config.js');
const { qualityConfigSchema } = await load('app/config/quality-config.js');
const { createTrainStage } = await load('app/night/stages/train-stage.js');
const { createPredictStage } = await load('app/night/stages/predict-stage.js');
const { createUploadStage } = await load('app/night/stages/upload-stage.js');
const { createEvaluateStage } = await load('app/night/stages/evaluate-stage.js');

const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silent;
  },
};
const home = mkdtempSync(join(tmpdir(), 'cbi-bench-train-'));
const clock = new SystemClock();
try {
  const source = sourceConfigSchema.parse({});
  const fred = new FredSeriesSource(
    {
      dir: resolve(root, 'data', 'fred'),
      baseUrl: 'http://127.0.0.1:9/unused',
      cacheDir: join(home, '.cache'),
      timeoutMs: 1000,
      attempts: 1,
      retryDelayMs: 1,
    },
    clock,
    silent,
  );
  const warehouse = await DuckDbWarehouse.open({ path: join(home, 'cbi.duckdb') }, silent);
  const ids = [source.target, ...source.drivers];
  const series = [];
  for (const id of ids) series.push(await fred.fetch(id));
  await warehouse.ingestSeries(series, { now: clock.now() });
  await warehouse.buildTrainingTables({
    target: source.target,
    drivers: source.drivers,
    roles: source.roles,
    rates: source.rates,
  });

  const training = trainingConfigSchema.parse({ preset, folds });
  const threads = training.threads === 0 ? availableParallelism() : training.threads;
  const trainers = [lightGbmDriver, xgBoostDriver].map(
    (driver) => new ChildProcessTrainer(driver, {}, silent),
  );
  const artifacts = new FsArtifactStore({ home });
  const table = { quality: qualityConfigSchema.parse({}), roles: source.columns };
  // as a night trains (the composition root's own settings), never reusing a horizon trained earlier
  const settings = { ...trainStageSettings(training, table, availableParallelism()), reuseWithinMs: 0 };
  const horizons = ['1w', '1m', '3m', '6m', '12m'];
  const earlier = new Map();
  const runId = 'bench';
  const context = (kind, horizon = null) => ({
    runId,
    stage: horizon ? `${kind}_${horizon}` : kind,
    kind,
    horizon,
    horizons,
    attempt: 1,
    signal: new AbortController().signal,
    logger: silent,
    earlier,
  });
  console.log(
    `preset ${preset}, ${settings.folds.monthly} monthly folds, ${settings.parallelJobs} parallel jobs x ${Math.max(1, Math.floor(threads / settings.parallelJobs))} threads`,
  );
  const started = performance.now();
  const train = createTrainStage({ warehouse, artifacts, trainers, clock, settings });
  for (const horizon of horizons) {
    const t0 = performance.now();
    const result = await train(context('train', horizon));
    earlier.set(`train_${horizon}`, result);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (result.status === 'skipped') {
      console.log(`train_${horizon.padEnd(3)} skipped: ${result.reason}`);
      continue;
    }
    for (const m of result.details.models) {
      const f = (v) => (typeof v === 'number' ? v.toFixed(2) : 'n/a');
      console.log(
        `train_${horizon.padEnd(3)} ${m.model.padEnd(8)} ${m.status} ${f(m.seconds)} s  MAPE ${f(m.mape)} %  naive ${f(m.naive_mape)} %  Sharpe ${f(m.sharpe)}  hit ${f(m.hit_rate)}  maxDD ${f(m.max_drawdown)}`,
      );
    }
    console.log(
      `train_${horizon.padEnd(3)} ${seconds} s, champion ${result.details.champion?.model} (${result.details.promotion_reason})`,
    );
  }
  for (const [kind, body] of [
    [
      'predict',
      createPredictStage({
        warehouse,
        artifacts,
        trainers,
        clock,
        settings: {
          threads,
          jobTimeoutMs: settings.jobTimeoutMs,
          table,
          skill: training.skill,
          band: table.quality.forecastBand,
        },
      }),
    ],
    ['upload', createUploadStage({ warehouse, artifacts })],
    [
      'evaluate',
      createEvaluateStage({
        warehouse,
        artifacts,
        clock,
        settings: { table, skillMargin: training.skill.margin },
      }),
    ],
  ]) {
    const t0 = performance.now();
    const result = await body(context(kind));
    earlier.set(kind, result);
    console.log(`${kind.padEnd(8)} ${((performance.now() - t0) / 1000).toFixed(2)} s ${result.status}`);
  }
  console.log(
    `ML stages in all: ${((performance.now() - started) / 1000).toFixed(1)} s; peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  warehouse.close();
} finally {
  rmSync(home, { recursive: true, force: true });
}
