// Training time of our booster adapters against the libraries' own command-line programs, side by
// side in one run, on the same real-data matrix (20 monthly IMF commodity series from
// data/fred -> 60 lagged log-return features, soybean oil's next-month log return as the
// label: the construction of test/builders/booster-matrix.builder.ts) and the same parameters.
// Ours is measured end to end as the product runs it (temp files, worker process, dataset, boosting,
// model bytes back); the CLI is measured end to end too (process start, parsing its text file,
// boosting, writing the model). Peak memory: the worker's maxRSS (process.resourceUsage in the
// child) and the CLI's (/usr/bin/time). Also prints how far the CLI model's predictions are from
// ours (same parameters and data should give the same model).
//
// `cbi-v14:<h>` as the fifth argument trains on the matrix of CBI-V14's production table of horizon h
// instead (bench/cbi-v14-matrix.mjs: the rows and features a night trains its final model on,
// categorical codes, LightGBM told which features are categories, the CLI too).
// Run: npm run build && node_modules/.bin/node bench/boosters.bench.mjs [seed|embedded] [repeats] [threads] [lightgbm,xgboost] [fred|cbi-v14:<h>]
// Needs `npm run provision` (LightGBM lib + CLI in the cache, Debian libxgboost0 + xgboost).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.env.CBI_DIST ?? join(root, 'dist'));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const presetName = process.argv[2] ?? 'seed';
const repeats = Number(process.argv[3] ?? 3);
const threads = Number(process.argv[4] ?? 1);
const libraries = (process.argv[5] ?? 'lightgbm,xgboost').split(',');
const matrixName = process.argv[6] ?? 'fred';
const SEED = 42;

const { ChildProcessTrainer } = await load('adapters/booster/child-process-trainer.js');
const { lightGbmDriver } = await load('adapters/booster/lightgbm/lightgbm-driver.js');
const { xgBoostDriver } = await load('adapters/booster/xgboost/xgboost-driver.js');
const { librarySearch, locateLibrary } = await load('adapters/booster/locate-library.js');
const { BUILT_IN_PRESETS } = await load('app/config/training-config.js');

// ---- the real-data matrix -------------------------------------------------------------------
const FRED = join(root, 'data', 'fred');
const SERIES = [
  'PSOILUSDM',
  'PSOYBUSDM',
  'PSMEAUSDM',
  'PPOILUSDM',
  'PROILUSDM',
  'PSUNOUSDM',
  'POLVOILUSDM',
  'PMAIZMTUSDM',
  'PWHEAMTUSDM',
  'PBARLUSDM',
  'PRICENPQUSDM',
  'POILWTIUSDM',
  'POILBREUSDM',
  'POILDUBUSDM',
  'PNGASUSUSDM',
  'PUREAUSDM',
  'PDAPUSDM',
  'PPOTASHUSDM',
  'PSUGAISAUSDM',
  'PCOTTINDUSDM',
];
const LAGS = [1, 3, 12];
function loadSeries(id) {
  const map = new Map();
  for (const line of readFileSync(join(FRED, `${id}.csv`), 'utf8')
    .trim()
    .split('\n')
    .slice(1)) {
    const [date, value] = line.split(',');
    if (value !== undefined && value.trim() !== '' && value.trim() !== '.') map.set(date, Number(value));
  }
  return map;
}
const series = new Map(SERIES.map((id) => [id, loadSeries(id)]));
const months = [...series.get('PSOILUSDM').keys()].sort();
const logReturn = (s, from, to) => {
  const a = s.get(from);
  const b = s.get(to);
  return a > 0 && b > 0 ? Math.log(b / a) : Number.NaN;
};
const featureNames = SERIES.flatMap((id) => LAGS.map((lag) => `${id}_logret_${lag}m`));
const rowIndexes = [];
for (let i = 12; i + 1 < months.length; i += 1) rowIndexes.push(i);
const rows = rowIndexes.length;
const cols = featureNames.length;
const values = new Float64Array(rows * cols);
const labels = new Float64Array(rows);
rowIndexes.forEach((i, row) => {
  let col = 0;
  for (const id of SERIES)
    for (const lag of LAGS)
      values[row * cols + col++] = logReturn(series.get(id), months[i - lag], months[i]);
  labels[row] = logReturn(series.get('PSOILUSDM'), months[i], months[i + 1]);
});
let features = { rows, cols, values, featureNames };
let dataLabels = labels;
let description = `${rows} rows x ${cols} features (real IMF monthly series)`;
let paramsFor = (_library, params) => params;
if (matrixName.startsWith('cbi-v14:')) {
  const { cbiV14Matrix } = await import('./cbi-v14-matrix.mjs');
  const cbi = await cbiV14Matrix(root, dist, matrixName.slice('cbi-v14:'.length));
  ({ features, description } = cbi);
  dataLabels = cbi.labels;
  paramsFor = cbi.params;
}

// ---- text files for the CLIs (same doubles: shortest round-trip form) -----------------------
const dir = mkdtempSync(join(tmpdir(), 'cbi-bench-boosters-'));
const csv = [];
const libsvm = [];
for (let r = 0; r < features.rows; r += 1) {
  const c = [String(dataLabels[r])];
  const s = [String(dataLabels[r])];
  for (let j = 0; j < features.cols; j += 1) {
    const v = features.values[r * features.cols + j];
    c.push(Number.isNaN(v) ? 'nan' : String(v));
    if (!Number.isNaN(v)) s.push(`${j}:${v}`);
  }
  csv.push(c.join(','));
  libsvm.push(s.join(' '));
}
writeFileSync(join(dir, 'train.csv'), `${csv.join('\n')}\n`);
writeFileSync(join(dir, 'train.libsvm'), `${libsvm.join('\n')}\n`);

// ---- runners --------------------------------------------------------------------------------
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };
const hasTime = existsSync('/usr/bin/time');
const lightGbmCli = join(
  dirname(
    locateLibrary(
      librarySearch(lightGbmDriver, {
        libraryPath: process.env.CBI_LIGHTGBM_LIB,
        cacheDir: process.env.CBI_CACHE_DIR,
      }),
    ).path,
  ),
  'lightgbm',
);
const xgBoostCli = '/usr/bin/xgboost';

// /usr/bin/time writes to stderr: run through bash to keep the CLI's own output out of it.
function cliTimed(command, args) {
  const started = performance.now();
  const quoted = [command, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const script = hasTime
    ? `/usr/bin/time -f 'MAXRSS_KB=%M CPU_S=%U+%S' ${quoted} >/dev/null 2>cli-time.txt`
    : `${quoted} >/dev/null 2>&1`;
  execFileSync('bash', ['-c', script], { cwd: dir });
  const wallMs = performance.now() - started;
  const report = hasTime ? readFileSync(join(dir, 'cli-time.txt'), 'utf8') : '';
  const rss = /MAXRSS_KB=(\d+)/.exec(report)?.[1];
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(report);
  return {
    wallMs,
    maxRssKb: rss === undefined ? null : Number(rss),
    cpuMs: cpu === null ? null : (Number(cpu[1]) + Number(cpu[2])) * 1000,
  };
}

const kv = (params) => Object.entries(params).map(([k, v]) => `${k}=${v}`);

// One trainer per library for the whole run, as the product holds one (a container singleton):
// its first job (the version query) starts a worker cold; later jobs find one started ahead.
let lastStats;
const observer = { onJobEnd: (stats) => (lastStats = stats) };
const trainers = {
  lightgbm: new ChildProcessTrainer(
    lightGbmDriver,
    { libraryPath: process.env.CBI_LIGHTGBM_LIB, cacheDir: process.env.CBI_CACHE_DIR, observer },
    silent,
  ),
  xgboost: new ChildProcessTrainer(
    xgBoostDriver,
    { libraryPath: process.env.CBI_XGBOOST_LIB, cacheDir: process.env.CBI_CACHE_DIR, observer },
    silent,
  ),
};

async function ours(library, preset) {
  const trainer = trainers[library];
  const started = performance.now();
  const model = await trainer.train({
    features,
    labels: dataLabels,
    params: paramsFor(library, preset.params),
    rounds: preset.rounds,
    seed: SEED,
    threads,
    timeoutMs: 3_600_000,
  });
  return {
    wallMs: performance.now() - started,
    nativeMs: lastStats.nativeMs,
    cpuMs: lastStats.cpuMs,
    maxRssKb: lastStats.maxRssKb,
    model,
    trainer,
  };
}

function cli(library, preset) {
  if (library === 'lightgbm') {
    const params = lightGbmDriver.params(paramsFor(library, preset.params), {
      seed: SEED,
      threads,
      labels: dataLabels,
    });
    return cliTimed(lightGbmCli, [
      'task=train',
      'data=train.csv',
      'header=false',
      'label_column=0',
      `num_iterations=${preset.rounds}`,
      'output_model=cli-model.txt',
      ...kv(params),
    ]);
  }
  const params = xgBoostDriver.params(paramsFor(library, preset.params), {
    seed: SEED,
    threads,
    labels: dataLabels,
  });
  writeFileSync(
    join(dir, 'xgb.conf'),
    `${Object.entries(params)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n')}\n`,
  );
  return cliTimed(xgBoostCli, [
    'xgb.conf',
    'task=train',
    'data=train.libsvm?format=libsvm&indexing_mode=-1',
    `num_round=${preset.rounds}`,
    'model_out=cli-model.json',
    'save_period=0',
  ]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb) => (kb === null || kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);

console.log(
  `boosters bench: ${description}, preset ${presetName}, threads ${threads}, ${repeats} repeats (median)`,
);
const results = [];
for (const library of libraries) {
  const preset = BUILT_IN_PRESETS[presetName][library];
  const coldStarted = performance.now();
  const version = await trainers[library].version();
  const coldMs = performance.now() - coldStarted;
  const oursRuns = [];
  const cliRuns = [];
  let last;
  for (let i = 0; i < repeats; i += 1) {
    // Alternate who goes first, so neither always gets the warm cache.
    if (i % 2 === 0) {
      last = await ours(library, preset);
      oursRuns.push(last);
      cliRuns.push(cli(library, preset));
    } else {
      cliRuns.push(cli(library, preset));
      last = await ours(library, preset);
      oursRuns.push(last);
    }
  }
  // Same data and parameters: the CLI's model should predict what ours does.
  const cliModel = readFileSync(join(dir, library === 'lightgbm' ? 'cli-model.txt' : 'cli-model.json'));
  const format = library === 'lightgbm' ? 'lightgbm-text' : 'xgboost-json';
  const asModel = { ...last.model, format, content: new Uint8Array(cliModel) };
  const a = await last.trainer.predict({ model: last.model, features, threads: 1, timeoutMs: 600_000 });
  const b = await last.trainer.predict({ model: asModel, features, threads: 1, timeoutMs: 600_000 });
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff = Math.max(diff, Math.abs(a[i] - b[i]));
  const oursMs = median(oursRuns.map((r) => r.wallMs));
  const cliMs = median(cliRuns.map((r) => r.wallMs));
  results.push({
    library: `${library} ${version}`,
    rounds: preset.rounds,
    coldVersionJob: fmt(coldMs),
    ours: fmt(oursMs),
    oursNative: fmt(median(oursRuns.map((r) => r.nativeMs))),
    cli: fmt(cliMs),
    ratio: (oursMs / cliMs).toFixed(3),
    oursCpu: fmt(median(oursRuns.map((r) => r.cpuMs))),
    cliCpu: cliRuns.some((r) => r.cpuMs === null) ? 'n/a' : fmt(median(cliRuns.map((r) => r.cpuMs))),
    target: oursMs / cliMs <= 1.1 ? 'met (<= 1.10x)' : 'MISSED (> 1.10x)',
    oursPeakRss: mb(Math.max(...oursRuns.map((r) => r.maxRssKb))),
    cliPeakRss: mb(
      cliRuns.every((r) => r.maxRssKb === null) ? null : Math.max(...cliRuns.map((r) => r.maxRssKb ?? 0)),
    ),
    predictionMaxDiff: diff.toExponential(2),
  });
}
console.table(results);
rmSync(dir, { recursive: true, force: true });
