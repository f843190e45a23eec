// Cold start of the commands that run often: `cbi status --json`, `cbi run --help`
// (and `cbi watchdog --json --dry-run` when present). Median of N fresh processes each.
// Run: npm run build && node_modules/.bin/node bench/cli-startup.bench.mjs [N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cbi = join(root, 'bin', 'cbi');
const runs = Number(process.argv[2] ?? 21);
const home = mkdtempSync(join(tmpdir(), 'cbi-bench-'));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args) {
  const samples = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(cbi, args, { encoding: 'utf8', env: { ...process.env, CBI_HOME: home } });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0 && !(args[0] === 'watchdog'))
      throw new Error(`cbi ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    if (i >= 2) samples.push(ms); // two warm-ups fill the OS file cache, as on a machine in use
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

const cases = [
  ['status', '--json', '--home', home],
  ['run', '--help'],
];
if (process.argv.includes('--watchdog')) cases.push(['watchdog', '--json', '--dry-run', '--home', home]);
console.log(`cbi cold start, ${runs} runs each (target: median < 300 ms)`);
for (const args of cases) {
  const t = time(args);
  console.log(
    `  cbi ${args
      .filter((a) => a !== home)
      .join(' ')
      .padEnd(28)} median ${t.median.toFixed(0)} ms  (min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)})`,
  );
}
rmSync(home, { recursive: true, force: true });
