// Makes a home whose last run succeeded ten minutes ago (schedule 23:59 UTC), for the watchdog
// CLI test and bench. Usage: node healthy-home.mjs <home>   (needs `npm run build`)
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FsStatusStore } from '../../dist/adapters/fs/fs-status-store.js';

/** Writes the config and one successful run into `home`. */
export async function makeHealthyHome(home) {
  mkdirSync(home, { recursive: true });
  writeFileSync(
    join(home, 'cbi.config.json'),
    JSON.stringify({ schedule: { timeZone: 'UTC', time: '23:59' } }),
  );
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
  const start = new Date(Date.now() - 10 * 60_000);
  const iso = start.toISOString();
  const runId = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  await store.recordRun({
    run_id: runId,
    start_time: iso,
    end_time: new Date(start.getTime() + 5 * 60_000).toISOString(),
    success: true,
    failed_stage: null,
    error: null,
    stages: [],
    schema_version: 1,
    state: 'success',
    exit_code: 0,
    error_code: null,
    trigger: 'schedule',
    horizons: ['1m'],
    pid: process.pid,
    host: hostname(),
    deadline: new Date(start.getTime() + 4 * 3_600_000).toISOString(),
    log_file: `Logs/nightly/nightly_pipeline_${runId}.log`,
  });
  return runId;
}

// Only when run as a script (the bench imports it with its own arguments).
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] !== undefined)
  await makeHealthyHome(process.argv[2]);
