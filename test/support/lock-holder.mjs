// A real process that races for the run lock of a home, the way `cbi run` takes it.
// Usage: node lock-holder.mjs <dist FsStatusStore module> <home> <run id> <go file or 'now'> <hold ms>
// Prints "ready", waits for the go file to exist (a start barrier), then one line: "acquired <run id>"
// or "locked <run id>"; a winner records a run, holds the lock, releases it.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';

const [modulePath, home, runId, goFile, holdMs] = process.argv.slice(2);
const { FsStatusStore } = await import(modulePath);
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
process.stdout.write('ready\n');
while (goFile !== 'now' && !existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
const now = new Date().toISOString();
try {
  await store.acquireLock({ runId, pid: process.pid, host: hostname(), startedAt: now, deadline: now });
} catch (error) {
  if (error.code === 'RUN_LOCKED') {
    process.stdout.write(`locked ${runId}\n`);
    process.exit(0);
  }
  throw error;
}
process.stdout.write(`acquired ${runId}\n`);
await store.recordRun({
  run_id: runId,
  start_time: now,
  end_time: null,
  success: false,
  failed_stage: null,
  error: null,
  stages: [],
  schema_version: 1,
  state: 'running',
  exit_code: null,
  error_code: null,
  trigger: 'manual',
  horizons: ['1m'],
  pid: process.pid,
  host: hostname(),
  deadline: now,
  log_file: `Logs/nightly/nightly_pipeline_${runId}.log`,
});
await new Promise((r) => setTimeout(r, Number(holdMs)));
await store.releaseLock(runId);
