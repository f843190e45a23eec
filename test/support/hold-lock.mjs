// A stand-in for a running `cbi run`: takes the run lock through the compiled FsStatusStore,
// records itself as running, prints "locked", then sleeps until killed.
// Usage: node hold-lock.mjs <home> <runId> <deadline ISO> [--ignore-term]
import { hostname } from 'node:os';
import { FsStatusStore } from '../../dist/adapters/fs/fs-status-store.js';

const [home, runId, deadline, flag] = process.argv.slice(2);
if (home === undefined || runId === undefined || deadline === undefined)
  throw new Error('usage: hold-lock.mjs <home> <runId> <deadline>');
if (flag === '--ignore-term') process.on('SIGTERM', () => undefined);
const logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return logger;
  },
};
const store = new FsStatusStore({ home, host: hostname() }, logger);
const start = new Date().toISOString();
await store.acquireLock({ runId, pid: process.pid, host: hostname(), startedAt: start, deadline });
await store.recordRun({
  run_id: runId,
  start_time: start,
  end_time: null,
  success: false,
  failed_stage: null,
  error: null,
  stages: [],
  schema_version: 1,
  state: 'running',
  exit_code: null,
  error_code: null,
  trigger: 'schedule',
  horizons: ['1m'],
  pid: process.pid,
  host: hostname(),
  deadline,
  log_file: `Logs/nightly/nightly_pipeline_${runId}.log`,
});
process.stdout.write('locked\n');
globalThis.setInterval(() => undefined, 60_000);
