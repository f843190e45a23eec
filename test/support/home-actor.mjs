// A real process that plays a part in a home, through the compiled product (`npm run build`):
// it takes locks with the real FsStatusStore and writes records made by the domain's own
// builder, so tests and benches never write a run record by hand.
//
//   node home-actor.mjs hold <home> <runId> [--deadline ISO] [--go FILE] [--hold-ms N] [--ignore-term]
//       races for the run lock (after the --go file exists, a start barrier), prints
//       "acquired <runId>" and records itself running, or prints "locked <runId>" and exits 0;
//       holds the lock for --hold-ms (default: until killed), then records success and releases.
//   node home-actor.mjs run --home <home> [...]
//       the `cbi run` the watchdog launches, as a stand-in: appends its pid and arguments to
//       <home>/fake-runs.log, takes the lock, records itself running for a moment, then success.
//   node home-actor.mjs healthy <home>
//       writes a config (schedule 23:59 UTC) and one run that succeeded ten minutes ago.
//   node home-actor.mjs watchdog <home> [--go FILE]
//       one real watchdog check (real status store, real detached launcher) whose catch-up
//       run is this script's `run` stand-in; prints the report as one JSON line.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = new URL('../../dist/', import.meta.url);
const { FsStatusStore } = await import(new URL('adapters/fs/fs-status-store.js', dist).href);
const { runRecord } = await import(new URL('domain/night/run-record.js', dist).href);
const { formatRunId } = await import(new URL('domain/layout.js', dist).href);
const { localIso } = await import(new URL('domain/iso-time.js', dist).href);

const quiet = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quiet;
  },
};

function option(args, name, fallback) {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
}

function record(runId, startedAt, deadline, trigger, end) {
  const facts = { runId, trigger, horizons: ['1m'], pid: process.pid, host: hostname(), startedAt, deadline };
  return runRecord(facts, [], end);
}

const success = (endedAt) => ({
  endedAt,
  outcome: { state: 'success', exitCode: 0, failedStage: null, error: null, errorCode: null },
});

/** Takes the run lock as `cbi run` does; returns false when a live run holds it. */
async function takeLock(store, runId, startedAt, deadline) {
  try {
    await store.acquireLock({
      runId,
      pid: process.pid,
      host: hostname(),
      startedAt: localIso(startedAt),
      deadline: localIso(deadline),
    });
    return true;
  } catch (error) {
    if (error.code === 'RUN_LOCKED') return false;
    throw error;
  }
}

/** Writes a config and a run that succeeded ten minutes ago into `home`; returns its run id. */
export async function makeHealthyHome(home) {
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'cbi.config.json'),
    JSON.stringify({ schedule: { timeZone: 'UTC', time: '23:59' } }),
  );
  const store = new FsStatusStore({ home, host: hostname() }, quiet);
  const start = new Date(Date.now() - 10 * 60_000);
  const runId = formatRunId(start);
  await store.recordRun(
    record(
      runId,
      start,
      new Date(start.getTime() + 4 * 3_600_000),
      'schedule',
      success(new Date(start.getTime() + 5 * 60_000)),
    ),
  );
  return runId;
}

async function hold(args) {
  const [home, runId] = args;
  const go = option(args, '--go', undefined);
  const holdMs = option(args, '--hold-ms', undefined);
  if (args.includes('--ignore-term')) process.on('SIGTERM', () => undefined);
  const store = new FsStatusStore({ home, host: hostname() }, quiet);
  process.stdout.write('ready\n');
  while (go !== undefined && !existsSync(go)) await new Promise((r) => setTimeout(r, 2));
  const start = new Date();
  const deadline = new Date(option(args, '--deadline', new Date(start.getTime() + 3_600_000).toISOString()));
  if (!(await takeLock(store, runId, start, deadline))) {
    process.stdout.write(`locked ${runId}\n`);
    return;
  }
  await store.recordRun(record(runId, start, deadline, 'manual'));
  process.stdout.write(`acquired ${runId}\n`);
  if (holdMs === undefined) {
    globalThis.setInterval(() => undefined, 60_000);
    return;
  }
  await new Promise((r) => setTimeout(r, Number(holdMs)));
  await store.recordRun(record(runId, start, deadline, 'manual', success(new Date())));
  await store.releaseLock(runId);
}

async function standInRun(args) {
  const home = option(args, '--home', undefined);
  if (home === undefined) throw new Error('run needs --home');
  appendFileSync(
    join(home, 'fake-runs.log'),
    `${JSON.stringify({ pid: process.pid, args: ['run', ...args] })}\n`,
  );
  process.stdout.write(`fake run ${process.pid} started\n`);
  const store = new FsStatusStore({ home, host: hostname() }, quiet);
  const start = new Date();
  const runId = formatRunId(start);
  const deadline = new Date(start.getTime() + 3_600_000);
  if (!(await takeLock(store, runId, start, deadline))) {
    process.stderr.write(`fake run ${process.pid}: another run holds the lock\n`);
    process.exitCode = 75;
    return;
  }
  await store.recordRun(record(runId, start, deadline, 'watchdog'));
  await new Promise((r) => setTimeout(r, Number(process.env.FAKE_RUN_MS ?? 300)));
  await store.recordRun(record(runId, start, deadline, 'watchdog', success(new Date())));
  await store.releaseLock(runId);
}

async function watchdogCheck(args) {
  const [home] = args;
  const go = option(args, '--go', undefined);
  const { runWatchdog } = await import(new URL('app/watchdog/run-watchdog.js', dist).href);
  const { DetachedProcessLauncher } = await import(
    new URL('adapters/process/detached-process-launcher.js', dist).href
  );
  const { SystemClock } = await import(new URL('adapters/system/system-clock.js', dist).href);
  const { DEFAULT_INCIDENT_POLICY } = await import(new URL('domain/watchdog/incident-policy.js', dist).href);
  const self = fileURLToPath(import.meta.url);
  const deps = {
    clock: new SystemClock(),
    status: new FsStatusStore({ home, host: hostname() }, quiet),
    launcher: new DetachedProcessLauncher({ entry: [process.execPath, self], wrapper: [] }),
    alerters: [],
    logger: quiet,
    settings: {
      home,
      host: hostname(),
      configFile: null,
      health: {
        schedule: { timeZone: 'UTC', time: '23:59' },
        graceMinutes: 90,
        maxAgeHours: 26,
        failuresForIncident: 3,
      },
      incident: DEFAULT_INCIDENT_POLICY,
      stopGraceMs: 1_000,
      historyLimit: 50,
      launchSettleMs: 30_000,
    },
  };
  process.stdout.write('ready\n');
  while (go !== undefined && !existsSync(go)) await new Promise((r) => setTimeout(r, 2));
  const report = await runWatchdog(deps, { dryRun: false, pid: process.pid });
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [part, ...args] = process.argv.slice(2);
  if (part === 'hold') await hold(args);
  else if (part === 'run') await standInRun(args);
  else if (part === 'healthy') await makeHealthyHome(args[0]);
  else if (part === 'watchdog') await watchdogCheck(args);
  else throw new Error(`home-actor: unknown part ${part}`);
}
