// Chaos: real nightly runs killed at random points, N trials, then the hourly watchdog's check.
// Each trial starts `cbi run` on one home (the bundled FRED series, two horizons, three folds),
// waits a random time and SIGKILLs either the main process or one of its busy training workers,
// then checks the home: corrupt files, double runs, orphaned workers; after a killed main
// process it runs `cbi watchdog` once and follows the catch-up run it starts to its end.
// Prints one line per trial and the totals:
//   trials, corrupt files, double runs, runs recovered by the next watchdog, orphaned workers,
//   lost predictions.
// Run: npm run build && node_modules/.bin/node bench/chaos.mjs [trials=30] [seed=1]
// (not part of `npm run bench`: it takes about a minute per trial on 2 cores)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cbi = join(root, 'bin', 'cbi');
const trials = Number(process.argv[2] ?? 30);
let seed = Number(process.argv[3] ?? 1);
const { parseRunRecord, parseRunLock } = await import(join(root, 'dist/adapters/fs/run-record-schema.js'));
const { DuckDBInstance } = await import('@duckdb/node-api');

/** mulberry32: the trials are the same for the same seed. */
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const home = mkdtempSync(join(tmpdir(), 'cbi-chaos-'));
writeFileSync(
  join(home, 'cbi.config.json'),
  JSON.stringify({
    run: { horizons: ['1m', '3m'], minHorizons: 1 },
    // every run trains for real (no reuse of an identical training), so kills land mid-run
    training: { folds: 3, reuseWithinHours: 0 },
    source: { dir: join(root, 'data', 'fred') },
    schedule: { timeZone: 'UTC', time: '23:59', graceMinutes: 90 },
    watchdog: { failuresForIncident: 1000 },
  }),
);
const logs = join(home, 'Logs', 'nightly');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process: pid, parent, command line. */
function processes() {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
}

function descendants(pid) {
  const all = processes();
  const found = [];
  let frontier = [pid];
  while (frontier.length > 0) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found;
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Live `cbi run` main processes of this home. */
/**
 * The `cbi run` processes of the home. A child of a run is not another run: between fork and exec
 * a booster worker still shows its parent's command line (seen as "two runs alive" where the
 * second pid then turned out to be a worker).
 */
const liveRuns = () => {
  const runs = processes().filter(
    (p) => p.args.includes('main.js run') && p.args.includes(home) && !p.args.includes('ps -eo'),
  );
  const pids = new Set(runs.map((p) => p.pid));
  return runs.filter((p) => !pids.has(p.ppid));
};

function start(args) {
  const child = spawn(cbi, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c.toString()));
  const done = new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

/** Files another process reads: every one must parse. Returns the names that do not. */
function corruptFiles() {
  const bad = [];
  const json = (path, parse) => {
    if (!existsSync(path)) return;
    try {
      parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      bad.push(path.slice(home.length + 1));
    }
  };
  json(join(logs, 'last_run_status.json'), parseRunRecord);
  json(join(logs, 'current_run.json'), parseRunRecord);
  json(join(logs, 'run.lock'), parseRunLock);
  for (const name of existsSync(join(logs, 'runs')) ? readdirSync(join(logs, 'runs')) : [])
    if (name.endsWith('.json')) json(join(logs, 'runs', name), parseRunRecord);
  const models = join(home, 'Models', 'local');
  const walk = (dir) => {
    for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) json(path, (v) => v);
    }
  };
  walk(models);
  return bad;
}

/** Runs whose [start, end] overlap another's: two runs at once on one home. */
function overlappingRuns() {
  const dir = join(logs, 'runs');
  const runs = (existsSync(dir) ? readdirSync(dir) : [])
    .filter((n) => n.endsWith('.json'))
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')))
    .map((r) => ({
      id: r.run_id,
      start: Date.parse(r.start_time),
      end: Date.parse(r.end_time ?? r.start_time),
    }))
    .sort((a, b) => a.start - b.start);
  let overlaps = 0;
  for (let i = 1; i < runs.length; i += 1) {
    if (runs[i].start >= runs[i - 1].end - 1) continue;
    overlaps += 1;
    console.log(
      `  overlap: ${runs[i - 1].id} (to ${new Date(runs[i - 1].end).toISOString()}) and ${runs[i].id}`,
    );
  }
  return overlaps;
}

/**
 * Champion forecasts that a run uploaded (its upload stage succeeded) and the warehouse does not
 * hold, whichever run stored them: each row of its predictions file, by as-of date, horizon,
 * model and version.
 */
async function lostPredictions(runIds) {
  const db = join(home, 'Warehouse', 'cbi.duckdb');
  if (!existsSync(db) || runIds.length === 0) return 0;
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const key = (r) => [r.as_of_date, r.horizon, r.model_name, r.model_version].join('|');
  let lost = 0;
  try {
    const reader = await connection.runAndReadAll(
      "SELECT strftime(as_of_date, '%Y-%m-%d') AS as_of_date, horizon, model_name, model_version FROM predictions.zl_predictions WHERE is_champion",
    );
    const stored = new Set(reader.getRowObjects().map(key));
    for (const runId of runIds) {
      const record = JSON.parse(readFileSync(join(logs, 'runs', `${runId}.json`), 'utf8'));
      if (record.stages.find((s) => s.name === 'upload')?.status !== 'succeeded') continue;
      const file = join(home, 'Models', 'local', 'predictions', `${runId}.json`);
      if (!existsSync(file)) continue;
      for (const row of JSON.parse(readFileSync(file, 'utf8')).rows)
        if (row.is_champion && !stored.has(key(row))) lost += 1;
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return lost;
}

async function waitForEnd(pid, limitMs) {
  const until = Date.now() + limitMs;
  while (alive(pid) && Date.now() < until) await sleep(200);
}

// A first night, undisturbed: its length sets the window the kills fall in.
const warm = Date.now();
const first = await start(['run', '--home', home]).done;
const nightMs = Date.now() - warm;
console.log(
  `chaos on ${home}: first night ${(nightMs / 1000).toFixed(1)} s, exit ${first.code}; ${trials} trials, seed ${process.argv[3] ?? 1}`,
);

const totals = { trials: 0, corrupt: 0, double: 0, killedMain: 0, recovered: 0, orphaned: 0, lost: 0 };
const finishedRuns = [];
for (let trial = 1; trial <= trials; trial += 1) {
  const before = new Set(existsSync(join(logs, 'runs')) ? readdirSync(join(logs, 'runs')) : []);
  const run = start(['run', '--home', home]);
  const at = (0.05 + 0.9 * random()) * nightMs;
  const target = random() < 0.5 ? 'main' : 'worker';
  let victim = run.child.pid;
  let what = 'main';
  const deadline = Date.now() + at;
  let family = [];
  let seenTwo = false;
  while (Date.now() < deadline && run.child.exitCode === null) {
    family = descendants(run.child.pid);
    const live = liveRuns();
    if (live.length > 1 && !seenTwo) {
      seenTwo = true;
      totals.double += 1;
      console.log(`  two runs alive: ${live.map((p) => `${p.pid} ${p.args}`).join(' | ')}`);
    }
    await sleep(100);
  }
  if (run.child.exitCode !== null) {
    console.log(
      `trial ${trial}: the run ended (exit ${run.child.exitCode}) before the kill at ${(at / 1000).toFixed(1)} s`,
    );
  } else {
    family = descendants(run.child.pid);
    const workers = family.filter((p) => p.args.includes('-worker.js'));
    if (target === 'worker' && workers.length > 0) {
      const chosen = workers[Math.floor(random() * workers.length)];
      victim = chosen.pid;
      what = `worker ${chosen.args.split('/').at(-1)}`;
    }
    try {
      process.kill(victim, 'SIGKILL');
    } catch {
      what += ' (already gone)';
    }
  }
  const ended = await run.done;
  await sleep(3_000);
  const orphans = family.filter((p) => p.args.includes('-worker.js') && alive(p.pid));
  totals.orphaned += orphans.length;
  for (const orphan of orphans) process.kill(orphan.pid, 'SIGKILL');
  let recovered = '';
  const killed = (existsSync(join(logs, 'runs')) ? readdirSync(join(logs, 'runs')) : [])
    .filter((n) => !before.has(n))
    .map((n) => JSON.parse(readFileSync(join(logs, 'runs', n), 'utf8')))
    .find((r) => r.trigger === 'manual');
  if (what === 'main' && ended.signal === 'SIGKILL' && killed?.state !== 'running') {
    // killed while exiting, after it had recorded its end: nothing to recover
    recovered = `, killed after it recorded ${killed?.state ?? 'nothing'}`;
  } else if (what === 'main' && ended.signal === 'SIGKILL') {
    totals.killedMain += 1;
    const check = await start(['watchdog', '--home', home, '--json']).done;
    const catchUp = liveRuns()[0];
    if (catchUp !== undefined) await waitForEnd(catchUp.pid, 10 * nightMs + 60_000);
    const last = JSON.parse(readFileSync(join(logs, 'last_run_status.json'), 'utf8'));
    const ok = last.trigger === 'watchdog' && (last.state === 'success' || last.state === 'partial');
    if (ok) totals.recovered += 1;
    recovered = ok
      ? `, watchdog catch-up ${last.run_id} ${last.state}`
      : `, NOT recovered (watchdog exit ${check.code}, last ${last.state})`;
  }
  const corrupt = corruptFiles();
  totals.corrupt += corrupt.length;
  const added = (existsSync(join(logs, 'runs')) ? readdirSync(join(logs, 'runs')) : [])
    .filter((n) => !before.has(n))
    .map((n) => n.replace(/\.json$/, ''));
  finishedRuns.push(...added);
  totals.trials += 1;
  console.log(
    `trial ${trial}: killed ${what} at ${(at / 1000).toFixed(1)} s -> exit ${ended.code ?? ended.signal}${recovered}; orphans ${orphans.length}, corrupt ${corrupt.length}${corrupt.length > 0 ? ` (${corrupt.join(', ')})` : ''}`,
  );
}
totals.double += overlappingRuns();
totals.lost = await lostPredictions(finishedRuns);
console.log('\nchaos totals (target: 0 corrupt, 0 double, every killed main recovered, 0 orphaned, 0 lost)');
console.log(`  trials                           ${totals.trials}`);
console.log(`  corrupt files                    ${totals.corrupt}`);
console.log(`  double runs                      ${totals.double}`);
console.log(`  killed main processes            ${totals.killedMain}`);
console.log(`  runs recovered by next watchdog  ${totals.recovered} of ${totals.killedMain}`);
console.log(`  orphaned workers                 ${totals.orphaned}`);
console.log(`  lost predictions                 ${totals.lost}`);
if (process.env.CHAOS_KEEP === undefined) rmSync(home, { recursive: true, force: true });
else console.log(`home kept: ${home}`);
