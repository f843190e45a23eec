// `cbi watchdog --json` on a healthy home: the hourly check, for years. Median of N fresh
// processes, next to a bare `node -e 0` on the same machine (the floor no code can go under).
// Run: npm run build && node_modules/.bin/node bench/watchdog.bench.mjs [N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHealthyHome } from '../test/support/home-actor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cbi = join(root, 'bin', 'cbi');
const runs = Number(process.argv[2] ?? 21);
const home = mkdtempSync(join(tmpdir(), 'cbi-watchdog-bench-'));
await makeHealthyHome(home);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(file, args, check) {
  const samples = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(file, args, {
      encoding: 'utf8',
      env: { ...process.env, CBI_NODE: process.execPath },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0)
      throw new Error(`${file} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    check?.(result.stdout);
    if (i >= 2) samples.push(ms); // two warm-ups fill the OS file cache, as on a machine in use
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const healthy = (stdout) => {
  const report = JSON.parse(stdout);
  if (report.state !== 'healthy')
    throw new Error(`expected a healthy home, got ${report.state}: ${report.reason}`);
};

const node = time(process.execPath, ['-e', '0']);
const watchdog = time(cbi, ['watchdog', '--json', '--home', home], healthy);
console.log(`cbi watchdog --json on a healthy home, ${runs} runs each (target: median < 300 ms)`);
console.log(
  `  node -e 0                 median ${node.median.toFixed(0)} ms  (min ${node.min.toFixed(0)}, max ${node.max.toFixed(0)})`,
);
console.log(
  `  cbi watchdog --json       median ${watchdog.median.toFixed(0)} ms  (min ${watchdog.min.toFixed(0)}, max ${watchdog.max.toFixed(0)})`,
);
console.log(`  watchdog above bare node  ${(watchdog.median - node.median).toFixed(0)} ms`);
rmSync(home, { recursive: true, force: true });
