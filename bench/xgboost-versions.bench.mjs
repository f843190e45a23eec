// XGBoost versions side by side: the seed preset (1500 DART rounds) on the matrix of CBI-V14's
// production table of one horizon (bench/cbi-v14-matrix.mjs: the rows and features a night trains
// its final model on), through the product's adapter, once per version per repeat, the versions
// interleaved so that load on the machine falls on both alike. Each model is trained on all but the
// newest `holdout` rows and forecasts those: the holdout RMSE of the return (and the naive forecast's,
// zero change) says whether the versions' models differ in quality, not only in time.
//
// The versions: Debian's libxgboost0 (1.7.4) and the 3.2.0 `npm run provision` builds into the cache,
// or the files listed in CBI_XGBOOST_LIBS (colon-separated).
// Run: npm run build && node_modules/.bin/node bench/xgboost-versions.bench.mjs [seed|embedded] [repeats] [threads] [horizon] [holdout]
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { cbiV14Matrix } from './cbi-v14-matrix.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.CBI_DIST ?? join(root, 'dist'));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const presetName = process.argv[2] ?? 'seed';
const repeats = Number(process.argv[3] ?? 1);
const threads = Number(process.argv[4] ?? 1);
const horizon = process.argv[5] ?? '1m';
const holdout = Number(process.argv[6] ?? 63);
const SEED = 42;

const { ChildProcessTrainer } = await load('adapters/booster/child-process-trainer.js');
const { xgBoostDriver } = await load('adapters/booster/xgboost/xgboost-driver.js');
const { selectRows, selectValues } = await load('app/night/train/training-data.js');
const { BUILT_IN_PRESETS } = await load('app/config/training-config.js');

const cache = process.env.CBI_CACHE_DIR ?? join(homedir(), '.cache', 'cbi-autopilot');
const libraries = (
  process.env.CBI_XGBOOST_LIBS?.split(':') ?? [
    '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
    join(cache, 'xgboost', '3.2.0', 'libxgboost.so'),
  ]
).filter((path) => existsSync(path));
if (libraries.length === 0) throw new Error('no XGBoost library here: run npm run provision');

const matrix = await cbiV14Matrix(root, dist, horizon);
const { features, labels } = matrix;
const trainRows = Array.from({ length: features.rows - holdout }, (_, i) => i);
const testRows = Array.from({ length: holdout }, (_, i) => features.rows - holdout + i);
const train = { features: selectRows(features, trainRows), labels: selectValues(labels, trainRows) };
const test = { features: selectRows(features, testRows), labels: selectValues(labels, testRows) };
const preset = BUILT_IN_PRESETS[presetName].xgboost;
const params = matrix.params('xgboost', preset.params);

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
let lastStats;
const observer = { onJobEnd: (stats) => (lastStats = stats) };
const trainers = libraries.map(
  (path) => new ChildProcessTrainer(xgBoostDriver, { libraryPath: path, observer }, silent),
);
const versions = await Promise.all(trainers.map((t) => t.version()));

const rmse = (predicted, actual) => {
  let sum = 0;
  for (let i = 0; i < actual.length; i += 1) sum += (predicted[i] - actual[i]) ** 2;
  return Math.sqrt(sum / actual.length);
};
const naive = rmse(new Float64Array(test.labels.length), test.labels);

console.log(
  `matrix: ${matrix.description}; trained on ${trainRows.length} rows, holdout the newest ${holdout}`,
);
console.log(`preset: ${presetName} (${preset.rounds} rounds), ${threads} thread(s), ${repeats} repeat(s)`);
const results = versions.map(() => []);
const predictions = versions.map(() => undefined);
for (let r = 0; r < repeats; r += 1) {
  for (const [i, trainer] of trainers.entries()) {
    const started = performance.now();
    const model = await trainer.train({
      ...train,
      params,
      rounds: preset.rounds,
      seed: SEED,
      threads,
      timeoutMs: 7_200_000,
    });
    const wallMs = performance.now() - started;
    const stats = lastStats;
    const predicted = await trainer.predict({ model, features: test.features, threads, timeoutMs: 600_000 });
    predictions[i] = predicted;
    results[i].push({
      wallMs,
      cpuMs: stats.cpuMs,
      maxRssKb: stats.maxRssKb,
      rmse: rmse(predicted, test.labels),
    });
    console.log(
      `  repeat ${r + 1}, XGBoost ${versions[i]}: ${(wallMs / 1000).toFixed(1)} s wall, ${(stats.cpuMs / 1000).toFixed(1)} s CPU, ${Math.round(stats.maxRssKb / 1024)} MB peak`,
    );
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log('');
console.log('| XGBoost | median wall | median CPU | peak RSS | holdout RMSE (naive) | load avg (1 min) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [i, version] of versions.entries()) {
  const runs = results[i];
  console.log(
    `| ${version} | ${(median(runs.map((x) => x.wallMs)) / 1000).toFixed(1)} s | ${(median(runs.map((x) => x.cpuMs)) / 1000).toFixed(1)} s | ${Math.round(Math.max(...runs.map((x) => x.maxRssKb)) / 1024)} MB | ${runs[0].rmse.toFixed(5)} (${naive.toFixed(5)}) | ${(await import('node:os')).loadavg()[0].toFixed(2)} |`,
  );
}
if (versions.length === 2) {
  const [a, b] = results;
  console.log(
    `ratio ${versions[1]} / ${versions[0]}: wall ${(median(b.map((x) => x.wallMs)) / median(a.map((x) => x.wallMs))).toFixed(2)}x, CPU ${(median(b.map((x) => x.cpuMs)) / median(a.map((x) => x.cpuMs))).toFixed(2)}x`,
  );
  let max = 0;
  for (let i = 0; i < holdout; i += 1) max = Math.max(max, Math.abs(predictions[0][i] - predictions[1][i]));
  console.log(
    `largest difference between the versions' holdout forecasts: ${max.toExponential(3)} (log return)`,
  );
}
