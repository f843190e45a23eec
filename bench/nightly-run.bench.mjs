// The wall time of a whole `cbi run` on the embedded default, as a user starts it (bin/cbi, a
// fresh home, the real FRED series bundled in data/fred), with each stage's time from the run
// record. Target for the embedded preset: under 3 minutes on a 2-core machine.
// Run: npm run build && node_modules/.bin/node bench/nightly-run.bench.mjs [embedded|seed]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const preset = process.argv[2] ?? 'embedded';
const home = mkdtempSync(join(tmpdir(), `cbi-bench-night-${preset}-`));
const started = process.hrtime.bigint();
const result = spawnSync(join(root, 'bin', 'cbi'), ['run', '--home', home, '--json'], {
  encoding: 'utf8',
  env: {
    ...process.env,
    CBI_SOURCE_DIR: process.env.CBI_SOURCE_DIR ?? join(root, 'data', 'fred'),
    CBI_TRAINING_PRESET: preset,
  },
  maxBuffer: 64 * 1024 * 1024,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
rmSync(home, { recursive: true, force: true });
if (result.status === null) throw new Error(`cbi run did not finish: ${result.signal}`);
const run = JSON.parse(result.stdout);
console.log(
  `cbi run, ${preset} preset: exit ${result.status}, state ${run.state}, wall ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(2)} min)`,
);
for (const stage of run.stages) {
  console.log(
    `  ${stage.name.padEnd(10)} ${stage.status.padEnd(9)} ${stage.duration_seconds === null ? '-' : `${stage.duration_seconds.toFixed(1)} s`}`,
  );
}
