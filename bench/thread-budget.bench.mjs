// The thread budget (issue 23): one horizon's train stage on CBI-V14's table with the real native
// boosters, its jobs scheduled each way this machine can run them, side by side in one run: jobs
// one at a time with one thread, jobs one at a time with every core's thread, and as many jobs at
// once as there are cores with one thread each (the default on this machine). Wall time, CPU of
// the booster workers and how many cores were busy on average (CPU / wall), so what a split of the
// budget between jobs and threads gains is measured here, not guessed.
// Run: npm run build && node_modules/.bin/node bench/thread-budget.bench.mjs [embedded|seed] [horizon]
// (defaults: embedded 1m; CBI_LIGHTGBM_LIB / CBI_XGBOOST_LIB as for cbi.)
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { childrenCpuSeconds, root, silent, trainStageKit } from './support/train-stage-kit.mjs';

const preset = process.argv[2] ?? 'embedded';
const horizon = process.argv[3] ?? '1m';
const cores = availableParallelism();

const kit = await trainStageKit();
const work = mkdtempSync(join(tmpdir(), 'cbi-bench-threads-'));
const dir = join(root, 'data', 'cbi-v14');
const roles = kit.sourceConfigSchema.parse({ kind: 'tables', dir }).columns;
const training = kit.trainingConfigSchema.parse({ preset });
const base = {
  ...kit.trainStageSettings(training, { quality: kit.qualityConfigSchema.parse({}), roles }, cores),
  reuseWithinMs: 0,
};
const clock = new kit.SystemClock();
const warehouse = await kit.DuckDbWarehouse.open({ path: ':memory:' }, silent);
const files = await new kit.ParquetDirTableSource({ dir }).list();
await warehouse.loadTrainingTables(
  files.filter((f) => f.horizon === horizon),
  { roles },
);

async function schedule(name, parallelJobs, threads, index) {
  const stage = kit.createTrainStage({
    warehouse,
    artifacts: new kit.FsArtifactStore({ home: join(work, `home-${index}`) }),
    trainers: kit.trainers,
    clock,
    settings: { ...base, parallelJobs, threads },
  });
  const load0 = loadavg()[0];
  const cpu0 = childrenCpuSeconds();
  const t0 = performance.now();
  const result = await stage(kit.context(`20250101_00000${index}`, horizon));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = childrenCpuSeconds() - cpu0;
  if (result.status !== 'succeeded' && result.status !== 'partial')
    throw new Error(`${name}: ${result.status} ${result.reason ?? result.problem?.message ?? ''}`);
  const jobs = result.details.models.flatMap((m) => m.jobs ?? []).length;
  return { name, seconds, cpu, busy: cpu / seconds, jobs, load: (load0 + loadavg()[0]) / 2 };
}

try {
  console.log(`CBI-V14 ${horizon}, preset ${preset}, ${cores} cores: one train stage scheduled three ways`);
  console.log(
    'schedule                               | jobs | wall      | CPU (workers) | cores busy | load',
  );
  const rows = [];
  for (const [index, [name, parallelJobs, threads]] of [
    ['1 job at a time x 1 thread', 1, 1],
    [`1 job at a time x ${cores} threads`, 1, cores],
    [`${cores} jobs at once x 1 thread (default)`, cores, cores],
  ].entries()) {
    const r = await schedule(name, parallelJobs, threads, index + 1);
    rows.push(r);
    console.log(
      `${r.name.padEnd(38)} | ${String(r.jobs).padStart(4)} | ${r.seconds.toFixed(1).padStart(7)} s | ${r.cpu.toFixed(1).padStart(11)} s | ${r.busy.toFixed(2).padStart(10)} | ${r.load.toFixed(1)}`,
    );
  }
  const [serial, threaded, parallel] = rows;
  console.log(
    `speed-up over one job x one thread: ${cores} threads per job ${(serial.seconds / threaded.seconds).toFixed(2)}x, ${cores} jobs at once ${(serial.seconds / parallel.seconds).toFixed(2)}x`,
  );
} finally {
  warehouse.close();
  rmSync(work, { recursive: true, force: true });
}
