// A real parent of booster workers, to be killed: test/reliability/booster-orphans.test.ts.
// Usage: node booster-parent.mjs <dist folder> <matrix folder> <library,library...>
// The matrix folder holds features.f64 and labels.f64 (little-endian Float64) and matrix.json
// ({ rows, cols, featureNames }), written by the test from BoosterMatrixBuilder. For each library
// it starts one long training job (the seed preset for 100k rounds: minutes) through the compiled
// ChildProcessTrainer, as the product does (warm spare included), prints one JSON line per worker
// taking a job ({ library, pid }), then waits for its jobs, which it never sees end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, matrixDir, libraryList] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { ChildProcessTrainer } = await load('adapters/booster/child-process-trainer.js');
const { lightGbmDriver } = await load('adapters/booster/lightgbm/lightgbm-driver.js');
const { xgBoostDriver } = await load('adapters/booster/xgboost/xgboost-driver.js');
const { BUILT_IN_PRESETS } = await load('app/config/training-config.js');

const drivers = { lightgbm: lightGbmDriver, xgboost: xgBoostDriver };
const libraryPaths = { lightgbm: process.env.CBI_LIGHTGBM_LIB, xgboost: process.env.CBI_XGBOOST_LIB };
const float64 = (name) => {
  const bytes = readFileSync(join(matrixDir, name));
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};
const { rows, cols, featureNames } = JSON.parse(readFileSync(join(matrixDir, 'matrix.json'), 'utf8'));
const features = { rows, cols, featureNames, values: float64('features.f64') };
const labels = float64('labels.f64');
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

const jobs = libraryList.split(',').map((library) => {
  const observer = {
    onSpawn: (pid) => process.stdout.write(`${JSON.stringify({ library, pid })}\n`),
  };
  const settings = { libraryPath: libraryPaths[library], cacheDir: process.env.CBI_CACHE_DIR, observer };
  const trainer = new ChildProcessTrainer(drivers[library], settings, silent);
  return trainer.train({
    features,
    labels,
    params: BUILT_IN_PRESETS.seed[library].params,
    rounds: 100_000,
    seed: 42,
    threads: 1,
    timeoutMs: 600_000,
  });
});
await Promise.allSettled(jobs);
