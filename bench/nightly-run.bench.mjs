// The wall time of a whole `cbi run` on the embedded warehouse, as a user starts it (bin/cbi, a
// fresh home), with each stage's time from the run record, the CPU time and peak memory of the run
// and its booster workers (/usr/bin/time), the load of the machine while it ran, and per horizon
// what the night trained, reused and published. Sources: `fred` (the real FRED series bundled in
// data/fred; target for the embedded preset under 3 minutes on a 2-core machine) or `cbi-v14`
// (CBI-V14's five production tables in data/cbi-v14, daily, all five horizons; target under 5
// minutes for the embedded preset, and the seed preset within the default run deadline of 240
// minutes).
// `incremental` as a third argument (issue 23): two nights on one home, side by side in one run:
// night 1 on every table to the trading day before DAY (the fold cache empty), then night 2 to DAY
// (the cache night 1 filled), as a user's nights follow each other.
// `compare` after it: the two nights twice, on two homes, the horizons' train stages one after
// another (run.sideBySide false) and then side by side (the default), with the ratios and whether
// every forecast of the two is the same.
// Run: npm run build && node_modules/.bin/node bench/nightly-run.bench.mjs [embedded|seed] [fred|cbi-v14] [incremental [DAY] [compare]]
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const preset = process.argv[2] ?? 'embedded';
const source = process.argv[3] ?? 'fred';
const incremental = process.argv[4] === 'incremental';
const compare = incremental && process.argv.slice(5).includes('compare');
const work = mkdtempSync(join(tmpdir(), `cbi-bench-night-${preset}-${source}-`));
let home = join(work, 'home');
const sourceDir =
  source === 'cbi-v14'
    ? join(root, 'data', 'cbi-v14')
    : (process.env.CBI_SOURCE_DIR ?? join(root, 'data', 'fred'));
const sourceEnv = (dir) =>
  source === 'cbi-v14' ? { CBI_SOURCE_KIND: 'tables', CBI_SOURCE_DIR: dir } : { CBI_SOURCE_DIR: dir };
const timed = existsSync('/usr/bin/time');

/**
 * The two sources of the nights: every Parquet table to the trading day before `day` (night 1),
 * then to `day` (night 2). A real night after a trading day has exactly that: one more row, which
 * makes an earlier row a training row (its target now seen in the table). 2025-02-04 is the newest
 * day that does so on all five of CBI-V14's tables with no other change: on later days the 3m, 6m
 * and 12m tables gain no trusted target (their newest targets disagree with the prices), and on
 * many days a driver's file ends and the 1w and 1m tables drop features, so every model of that
 * horizon trains again (as it must: its features changed). Found by auditing each table cut at each
 * day from 2023-06 to 2025-09 (the quality gate's own trusted targets and dropped features).
 */
async function twoNights(dir, day) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const literal = (text) => `'${text.replaceAll("'", "''")}'`;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const dirs = [join(work, 'night1'), join(work, 'night2')];
  for (const d of dirs) mkdirSync(d);
  try {
    const names = readdirSync(dir).filter((n) => n.endsWith('.parquet'));
    if (names.length === 0) throw new Error(`incremental needs Parquet tables; ${dir} has none`);
    for (const name of names)
      for (const [d, op] of [
        [dirs[0], '<'],
        [dirs[1], '<='],
      ])
        await connection.run(
          `COPY (SELECT * FROM read_parquet(${literal(join(dir, name))}) WHERE date ${op} DATE ${literal(day)} ORDER BY date) TO ${literal(join(d, name))} (FORMAT parquet)`,
        );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return dirs;
}

/** One `cbi run` on `home` from `dir`: its record, wall and CPU seconds, peak RSS and the load. */
function night(name, dir) {
  const timeFile = join(work, `time-${name.replaceAll(' ', '-')}.txt`);
  const command = timed ? '/usr/bin/time' : join(root, 'bin', 'cbi');
  const args = [
    ...(timed ? ['-f', 'CPU_S=%U+%S MAXRSS_KB=%M', '-o', timeFile, join(root, 'bin', 'cbi')] : []),
    'run',
    '--home',
    home,
    '--json',
  ];
  const loadBefore = loadavg()[0];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, ...sourceEnv(dir), CBI_TRAINING_PRESET: preset },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status === null) throw new Error(`${name}: cbi run did not finish: ${result.signal}`);
  const time = timed && existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
  const cpu = /CPU_S=([\d.]+)\+([\d.]+)/.exec(time);
  const rss = /MAXRSS_KB=(\d+)/.exec(time);
  return {
    name,
    status: result.status,
    run: JSON.parse(result.stdout),
    seconds,
    cpu: cpu === null ? null : Number(cpu[1]) + Number(cpu[2]),
    rssMb: rss === null ? null : Number(rss[1]) / 1024,
    load: [loadBefore, loadavg()[0]],
  };
}

function print(n) {
  const { run } = n;
  console.log(
    `${n.name}: cbi run, ${preset} preset on ${source}: exit ${n.status}, state ${run.state}, wall ${n.seconds.toFixed(1)} s (${(n.seconds / 60).toFixed(2)} min)` +
      (n.cpu === null
        ? ''
        : `, CPU ${n.cpu.toFixed(0)} s (${(n.cpu / 60).toFixed(1)} min; on 2 free cores at least ${(n.cpu / 120).toFixed(1)} min), peak RSS of one process ${n.rssMb.toFixed(0)} MB`) +
      `, load average ${n.load[0].toFixed(1)} before, ${n.load[1].toFixed(1)} after`,
  );
  for (const stage of run.stages) {
    const jobs = stage.details?.models?.flatMap((m) => m.jobs ?? []) ?? [];
    const trained = jobs.filter((j) => j.status === 'trained').length;
    const reused = jobs.filter((j) => j.status === 'reused').length;
    console.log(
      `  ${stage.name.padEnd(10)} ${stage.status.padEnd(9)} ${stage.duration_seconds === null ? '-' : `${stage.duration_seconds.toFixed(1)} s`}` +
        (jobs.length === 0 ? '' : `  jobs trained ${trained}, reused ${reused}`),
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
}

/** The two nights on a fresh home (`sideBySide` set in its config when given). */
function incrementalNights(dirs, label = '', sideBySide = undefined) {
  home = join(work, `home${label.replaceAll(' ', '-')}`);
  if (sideBySide !== undefined) {
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'cbi.config.json'), JSON.stringify({ run: { sideBySide } }));
  }
  const pair = [];
  pair.push(night(`${label}night 1 (cache empty)`, dirs[0]));
  print(pair[0]);
  pair.push(night(`${label}night 2 (one more labelled day, the cache of night 1)`, dirs[1]));
  print(pair[1]);
  const [first, second] = pair;
  console.log(
    `${label}night 2 / night 1: wall ${(second.seconds / first.seconds).toFixed(3)}` +
      (first.cpu === null ? '' : `, CPU ${(second.cpu / first.cpu).toFixed(3)}`),
  );
  return pair;
}

/** Each horizon's published forecast and every model's (their versions, named by the run, aside). */
function forecasts(n) {
  const horizons = n.run.stages.find((s) => s.name === 'predict')?.details?.horizons ?? {};
  return JSON.stringify(
    Object.entries(horizons).map(([h, p]) => [
      h,
      p.published?.kind ?? null,
      p.published?.model ?? null,
      p.champion?.predicted_price ?? null,
      p.champion?.interval ?? null,
      (p.models ?? []).map((m) => [m.model, m.predicted_price, m.has_skill, m.published]),
    ]),
  );
}

try {
  const nights = [];
  if (compare) {
    const day = process.argv[5] ?? '2025-02-04';
    const dirs = await twoNights(sourceDir, day);
    console.log(`night 1: every table to the trading day before ${day}; night 2: to ${day}`);
    const alone = incrementalNights(dirs, 'one after another: ', false);
    const beside = incrementalNights(dirs, 'side by side: ', true);
    nights.push(...alone, ...beside);
    for (const k of [0, 1]) {
      const a = alone[k];
      const b = beside[k];
      console.log(
        `night ${k + 1}, side by side / one after another: wall ${(b.seconds / a.seconds).toFixed(3)} (${b.seconds.toFixed(1)} s / ${a.seconds.toFixed(1)} s)` +
          (a.cpu === null
            ? ''
            : `, CPU ${(b.cpu / a.cpu).toFixed(3)}; cores busy ${(a.cpu / a.seconds).toFixed(2)} -> ${(b.cpu / b.seconds).toFixed(2)}`) +
          `; forecasts ${forecasts(a) === forecasts(b) ? 'identical' : 'DIFFERENT'}`,
      );
    }
  } else if (incremental) {
    const day = process.argv[5] ?? '2025-02-04';
    const dirs = await twoNights(sourceDir, day);
    console.log(`night 1: every table to the trading day before ${day}; night 2: to ${day}`);
    nights.push(...incrementalNights(dirs));
  } else {
    nights.push(night('night', sourceDir));
    print(nights[0]);
  }
  const deadline = Math.round(
    (Date.parse(nights[0].run.deadline) - Date.parse(nights[0].run.started_at)) / 60_000,
  );
  if (Number.isFinite(deadline))
    for (const n of nights)
      console.log(`${n.name}: ${(n.seconds / 60).toFixed(1)} min of the ${deadline}-minute run deadline`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
