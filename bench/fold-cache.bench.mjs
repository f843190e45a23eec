// Incremental nights (issue 23): the train stage of one of CBI-V14's tables (data/cbi-v14) with the
// real native boosters, night 1 on the table to the trading day before DAY (fold cache empty), then
// night 2 on the table to DAY (the cache night 1 filled), then night 2 again from scratch (no cache),
// side by side in one run: wall time of the train stage, jobs trained and reused, and whether the
// cached night's models and walk-forward forecasts are byte for byte the scratch night's.
// `whole` instead of a day: night 1 on the table less its newest row, night 2 on the whole table.
// `noscratch` as a fifth argument skips the night from scratch (the seed preset's nights take long).
// CPU is the training children's (user + system, Linux's /proc), which load on the machine inflates less than wall time.
// Run: npm run build && node_modules/.bin/node bench/fold-cache.bench.mjs [embedded|seed] [horizon] [DAY|whole] [noscratch]
// (defaults: embedded 1m 2025-08-29; CBI_LIGHTGBM_LIB / CBI_XGBOOST_LIB as for cbi.)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  childrenCpuSeconds,
  loadDist as load,
  root,
  silent,
  trainStageKit,
} from './support/train-stage-kit.mjs';

const preset = process.argv[2] ?? 'embedded';
const horizon = process.argv[3] ?? '1m';
const day = process.argv[4] ?? '2025-08-29';
const scratchToo = process.argv[5] !== 'noscratch';

const kit = await trainStageKit();
const { FsFoldModelCache } = await load('adapters/fs/fs-fold-model-cache.js');
const { ModelRegistry } = await load('app/night/train/model-registry.js');

const work = mkdtempSync(join(tmpdir(), 'cbi-bench-fold-cache-'));
const source = join(root, 'data', 'cbi-v14', `zl_training_prod_allhistory_${horizon}.parquet`);
const literal = (text) => `'${text.replaceAll("'", "''")}'`;

/** Writes the real table cut by `where` (SQL over `date`, or a QUALIFY) into its own folder. */
async function cut(name, clause) {
  const dir = join(work, name);
  mkdirSync(dir);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const target = join(dir, `zl_training_prod_allhistory_${horizon}.parquet`);
    await connection.run(
      `COPY (SELECT * FROM read_parquet(${literal(source)}) ${clause} ORDER BY date) TO ${literal(target)} (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return dir;
}

const [before, after] =
  day === 'whole'
    ? [await cut('night1', 'QUALIFY row_number() OVER (ORDER BY date DESC) > 1'), await cut('night2', '')]
    : [
        await cut('night1', `WHERE date < DATE ${literal(day)}`),
        await cut('night2', `WHERE date <= DATE ${literal(day)}`),
      ];

const training = kit.trainingConfigSchema.parse({ preset });
const threads = training.threads === 0 ? availableParallelism() : training.threads;
const clock = new kit.SystemClock();
const roles = kit.sourceConfigSchema.parse({ kind: 'tables', dir: before }).columns;
// as a night trains (the composition root's own settings), never reusing a horizon trained earlier
const settings = {
  ...kit.trainStageSettings(
    training,
    { quality: kit.qualityConfigSchema.parse({}), roles },
    availableParallelism(),
  ),
  reuseWithinMs: 0,
};
const cacheHome = join(work, 'home');
const cache = new FsFoldModelCache({ home: cacheHome, maxEntries: 500, maxBytes: 2 * 1024 ** 3 }, clock);

async function night(name, dir, home, foldCache) {
  const warehouse = await kit.DuckDbWarehouse.open({ path: ':memory:' }, silent);
  try {
    const files = await new kit.ParquetDirTableSource({ dir }).list();
    await warehouse.loadTrainingTables(
      files.filter((f) => f.horizon === horizon),
      { roles },
    );
    const artifacts = new kit.FsArtifactStore({ home });
    const stage = kit.createTrainStage({
      warehouse,
      artifacts,
      trainers: kit.trainers,
      clock,
      settings,
      ...(foldCache === undefined ? {} : { foldCache }),
    });
    const context = kit.context(name === 'night 1' ? '20250101_000001' : '20250101_000002', horizon);
    const load0 = loadavg()[0];
    const cpu0 = childrenCpuSeconds();
    const t0 = performance.now();
    const result = await stage(context);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = childrenCpuSeconds() - cpu0;
    if (result.status !== 'succeeded' && result.status !== 'partial')
      throw new Error(`${name}: ${result.status} ${result.reason ?? result.problem?.message ?? ''}`);
    const jobs = result.details.models.flatMap((m) => m.jobs ?? []);
    const registry = new ModelRegistry(artifacts);
    const models = {};
    for (const library of Object.keys(settings.libraries)) {
      const metadata = await registry.latest(horizon, library);
      const model = await registry.loadModel(metadata);
      models[library] = {
        model: createHash('sha256').update(model.content).digest('hex'),
        folds: createHash('sha256').update(JSON.stringify(metadata.folds)).digest('hex'),
        forecasts: metadata.folds.length,
      };
    }
    return {
      name,
      seconds,
      cpu,
      load: (load0 + loadavg()[0]) / 2,
      trained: jobs.filter((j) => j.status === 'trained').length,
      reused: jobs.filter((j) => j.status === 'reused').length,
      cuts: [...new Set(jobs.map((j) => j.cut_date).filter((c) => c !== null))].join(' '),
      rows: result.details.rows,
      models,
    };
  } finally {
    warehouse.close();
  }
}

try {
  console.log(
    `CBI-V14 ${horizon}, preset ${preset}, ${day === 'whole' ? 'the table less its newest row, then the whole table' : `night 1 to the day before ${day}, night 2 to ${day}`}; ${settings.parallelJobs} parallel jobs x ${Math.max(1, Math.floor(threads / settings.parallelJobs))} threads, ${availableParallelism()} cores`,
  );
  console.log(
    'night                   | rows | train stage | CPU (workers) | jobs trained | jobs reused | load | fold cuts',
  );
  const row = (n) =>
    console.log(
      `${n.name.padEnd(23)} | ${String(n.rows).padStart(4)} | ${n.seconds.toFixed(1).padStart(9)} s | ${n.cpu.toFixed(1).padStart(11)} s | ${String(n.trained).padStart(12)} | ${String(n.reused).padStart(11)} | ${n.load.toFixed(1)} | ${n.cuts}`,
    );
  const nights = [];
  for (const [name, dir, home, foldCache] of [
    ['night 1', before, cacheHome, cache],
    ['night 2 (fold cache)', after, cacheHome, cache],
    ...(scratchToo ? [['night 2 (from scratch)', after, join(work, 'scratch'), undefined]] : []),
  ]) {
    nights.push(await night(name, dir, home, foldCache));
    row(nights.at(-1)); // each night as it ends: the seed preset's take long
  }
  const [first, cached, scratch] = nights;
  console.log(
    `night 2 with the cache / night 1: wall ${(cached.seconds / first.seconds).toFixed(3)}, CPU ${(cached.cpu / first.cpu).toFixed(3)}`,
  );
  if (scratch !== undefined) {
    console.log(
      `night 2 with the cache / night 2 from scratch: ${(cached.seconds / scratch.seconds).toFixed(3)}`,
    );
    for (const library of Object.keys(cached.models)) {
      const a = cached.models[library];
      const b = scratch.models[library];
      console.log(
        `${library}: model ${a.model === b.model ? 'identical' : 'DIFFERENT'}, ${a.forecasts} walk-forward forecasts ${a.folds === b.folds ? 'identical' : 'DIFFERENT'} to the night from scratch`,
      );
    }
  }
  console.log(`peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
