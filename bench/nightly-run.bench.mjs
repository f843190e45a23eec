// The wall time of a whole `cbi run` on the embedded warehouse, as a user starts it (bin/cbi, a
// fresh home), with each stage's time from the run record, the CPU time of the run and its
// booster workers (/usr/bin/time), the load of the machine while it ran, and per horizon what
// the night trained and published. Sources: `fred` (the real FRED series bundled in data/fred;
// target for the embedded preset under 3 minutes on a 2-core machine) or `cbi-v14` (CBI-V14's five
// production tables in data/cbi-v14, daily, all five horizons; target under 5 minutes for the
// embedded preset, and the seed preset within the default run deadline of 240 minutes).
// Run: npm run build && node_modules/.bin/node bench/nightly-run.bench.mjs [embedded|seed] [fred|cbi-v14]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const preset = process.argv[2] ?? 'embedded';
const source = process.argv[3] ?? 'fred';
const home = mkdtempSync(join(tmpdir(), `cbi-bench-night-${preset}-${source}-`));
const sourceEnv =
  source === 'cbi-v14'
    ? { CBI_SOURCE_KIND: 'tables', CBI_SOURCE_DIR: join(root, 'data', 'cbi-v14') }
    : { CBI_SOURCE_DIR: process.env.CBI_SOURCE_DIR ?? join(root, 'data', 'fred') };
const timed = existsSync('/usr/bin/time');
const command = timed ? '/usr/bin/time' : join(root, 'bin', 'cbi');
const args = [
  ...(timed
    ? ['-f', 'CPU_S=%U+%S MAXRSS_KB=%M', '-o', join(home, 'time.txt'), join(root, 'bin', 'cbi')]
    : []),
  'run',
  '--home',
  home,
  '--json',
];
const loadBefore = loadavg()[0];
const started = process.hrtime.bigint();
const result = spawnSync(command, args, {
  encoding: 'utf8',
  env: { ...process.env, ...sourceEnv, CBI_TRAINING_PRESET: preset },
  maxBuffer: 64 * 1024 * 1024,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const loadAfter = loadavg()[0];
const time = timed && existsSync(join(home, 'time.txt')) ? readFileSync(join(home, 'time.txt'), 'utf8') : '';
rmSync(home, { recursive: true, force: true });
if (result.status === null) throw new Error(`cbi run did not finish: ${result.signal}`);
const run = JSON.parse(result.stdout);
const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(time);
const cpuSeconds = cpu === null ? null : Number(cpu[1]) + Number(cpu[2]);
console.log(
  `cbi run, ${preset} preset on ${source}: exit ${result.status}, state ${run.state}, wall ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(2)} min)` +
    (cpuSeconds === null
      ? ''
      : `, CPU ${cpuSeconds.toFixed(0)} s (${(cpuSeconds / 60).toFixed(1)} min; on 2 free cores at least ${(cpuSeconds / 120).toFixed(1)} min)`) +
    `, load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`,
);
for (const stage of run.stages) {
  console.log(
    `  ${stage.name.padEnd(10)} ${stage.status.padEnd(9)} ${stage.duration_seconds === null ? '-' : `${stage.duration_seconds.toFixed(1)} s`}`,
  );
}
const predict = run.stages.find((s) => s.name === 'predict')?.details?.horizons ?? {};
const rows = run.stages
  .filter((s) => s.name.startsWith('train_') && s.details?.models !== undefined)
  .map((s) => {
    const models = Object.fromEntries(s.details.models.map((m) => [m.model, m]));
    const mape = (m) => (typeof m?.mape === 'number' ? m.mape.toFixed(2) : '-');
    const published = predict[s.details.horizon]?.published;
    return {
      horizon: s.details.horizon,
      lead: s.details.periods,
      validation: s.details.validation_rows,
      lightgbm: `${mape(models.lightgbm)}${models.lightgbm?.has_skill ? ' *' : ''}`,
      xgboost: `${mape(models.xgboost)}${models.xgboost?.has_skill ? ' *' : ''}`,
      naive: typeof models.lightgbm?.naive_mape === 'number' ? models.lightgbm.naive_mape.toFixed(2) : '-',
      champion: s.details.champion?.model ?? '-',
      published:
        published === null || published === undefined
          ? `nothing: ${predict[s.details.horizon]?.reason?.slice(0, 60) ?? '-'}`
          : published.kind === 'naive'
            ? 'naive (flagged)'
            : `${published.modelName} (skill)`,
    };
  });
console.log('walk-forward MAPE % (* = beats the naive forecast: skill)');
console.table(rows);
