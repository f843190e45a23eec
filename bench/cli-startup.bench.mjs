// Cold start of the commands that run every hour: `cbi status --json` and `cbi watchdog --json`
// (on a healthy home), next to a bare `node -e 0`, CPU time (user + system) and wall time,
// median of N fresh processes each, measured side by side in one run. Target: CPU within 2x of
// `node -e 0`. With `--against <checkout>`, the same commands of another checkout (an earlier
// version, built) are measured in the same run, for before/after figures.
// Run: npm run build && node_modules/.bin/node bench/cli-startup.bench.mjs [N=21] [--against DIR]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeHealthyHome } from '../test/support/home-actor.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 21);
const againstAt = process.argv.indexOf('--against');
const against = againstAt === -1 ? undefined : process.argv[againstAt + 1];
const node = join(root, 'node_modules', '.bin', 'node');
const home = mkdtempSync(join(tmpdir(), 'cbi-bench-'));
await makeHealthyHome(home);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** CPU (user + system of the child, from bash's `times`) and wall time of one fresh process. */
function once(command, args, env) {
  const start = process.hrtime.bigint();
  const result = spawnSync(
    'bash',
    ['-c', '"$@" >/dev/null 2>&1; echo "exit=$?"; times', '_', command, ...args],
    { encoding: 'utf8', env: { ...process.env, ...env } },
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = result.stdout.trim().split('\n');
  const code = Number(/exit=(\d+)/.exec(lines[0] ?? '')?.[1] ?? -1);
  const seconds = (text) => {
    const m = /(\d+)m([\d.]+)s/.exec(text);
    return m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  };
  const [user, system] = (lines.at(-1) ?? '').trim().split(/\s+/);
  return { code, cpu: (seconds(user) + seconds(system)) * 1000, wall };
}

/**
 * Median CPU and wall time of each case, the cases taken in turn (one process of each per round),
 * so a change of load on a shared machine weighs on every case alike and the ratios stay fair.
 */
function measureAll(cases) {
  const samples = cases.map(() => ({ cpu: [], wall: [] }));
  for (let round = 0; round < runs + 2; round += 1) {
    cases.forEach((c, i) => {
      const sample = once(c.command, c.args, c.env);
      if (sample.code !== 0) throw new Error(`${c.command} ${c.args.join(' ')} exited ${sample.code}`);
      if (round < 2) return; // warm-ups fill the OS file cache and the compile and config caches
      samples[i].cpu.push(sample.cpu);
      samples[i].wall.push(sample.wall);
    });
  }
  return samples.map((s) => ({ cpu: median(s.cpu), wall: median(s.wall) }));
}

const cases = [{ label: 'node -e 0', command: node, args: ['-e', '0'] }];
const caches = [];
for (const [label, checkout] of [['', root], ...(against === undefined ? [] : [['before ', against]])]) {
  const cbi = join(checkout, 'bin', 'cbi');
  // each checkout its own user cache (compile cache, config cache, parsed records): two builds
  // sharing one would evict each other's entries on every turn and both would pay for it
  const cache = mkdtempSync(join(tmpdir(), 'cbi-bench-cache-'));
  caches.push(cache);
  const env = { XDG_CACHE_HOME: cache };
  cases.push({
    label: `${label}cbi status --json`,
    command: cbi,
    args: ['status', '--json', '--home', home],
    env,
  });
  cases.push({
    label: `${label}cbi watchdog --json`,
    command: cbi,
    args: ['watchdog', '--json', '--home', home],
    env,
  });
}
console.log(
  `cold start, median of ${runs} processes each (CPU = user + system; target: CPU within 2x of node -e 0)`,
);
const [base, ...rest] = measureAll(cases);
for (const [c, t] of cases.map((c, i) => [c, i === 0 ? base : rest[i - 1]])) {
  console.log(
    `  ${c.label.padEnd(30)} CPU ${t.cpu.toFixed(0).padStart(4)} ms (${(t.cpu / base.cpu).toFixed(2)}x)   wall ${t.wall.toFixed(0).padStart(4)} ms (${(t.wall / base.wall).toFixed(2)}x)`,
  );
}
for (const dir of [home, ...caches]) rmSync(dir, { recursive: true, force: true });
