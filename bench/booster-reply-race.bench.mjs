// How often a booster job's reply is lost when the parent ends the job on the worker's 'exit'
// rather than on its 'close' (issue 23: "worker process exited with code 0 without a result").
// The worker is the stand-in of test/support/fixtures/replying-worker.mjs: it sends its reply and
// exits in the send's callback, as the real worker does. Per round, JOBS jobs LANES at a time, for
// each ending and each reply size (the reply padded to PAD bytes); the two endings alternate, so
// they share the machine's load. Prints per case the median and range of replies lost over the
// rounds, the round's wall time and this process's CPU (run it under /usr/bin/time for the workers').
// Run: node_modules/.bin/node bench/booster-reply-race.bench.mjs [ROUNDS=5] [JOBS=200] [LANES=10]
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const [rounds = 5, jobs = 200, lanes = 10] = process.argv.slice(2).map(Number);
const worker = fileURLToPath(new URL('../test/support/fixtures/replying-worker.mjs', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One job: a fresh worker, its reply kept when it comes; the job ends on `ending`. */
function job(ending, pad) {
  return new Promise((resolve) => {
    const child = fork(worker, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, CBI_REPLY_PAD: String(pad) },
    });
    let reply;
    child.on('message', (message) => (reply = message));
    child.once(ending, () => resolve(reply !== undefined));
    child.send({ kind: 'version' });
  });
}

async function round(ending, pad) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let lost = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let i = 0; i < jobs / lanes; i += 1) if (!(await job(ending, pad))) lost += 1;
    }),
  );
  const wallMs = performance.now() - started;
  const own = process.cpuUsage(cpu);
  return { lost, wallMs, cpuMs: (own.user + own.system) / 1000 };
}

console.log(
  `${rounds} rounds of ${jobs} jobs, ${lanes} at a time; load average ${loadavg()[0].toFixed(1)} before`,
);
const cases = [];
for (const pad of [0, 100_000])
  for (const ending of ['exit', 'close']) cases.push({ ending, pad, results: [] });
for (let r = 0; r < rounds; r += 1) for (const c of cases) c.results.push(await round(c.ending, c.pad));
for (const { ending, pad, results } of cases) {
  const lost = results.map((x) => x.lost);
  console.log(
    `ends on '${ending}', reply of ${pad === 0 ? 'a few' : pad} bytes: lost median ${median(lost)} of ${jobs} (range ${Math.min(...lost)} to ${Math.max(...lost)}); wall median ${(median(results.map((x) => x.wallMs)) / 1000).toFixed(2)} s, parent CPU median ${(median(results.map((x) => x.cpuMs)) / 1000).toFixed(2)} s`,
  );
}
console.log(`load average ${loadavg()[0].toFixed(1)} after`);
