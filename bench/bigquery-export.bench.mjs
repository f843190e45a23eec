// Export of CBI-V14's largest training table (1m: 444 columns) through the BigQuery adapter
// (BigQueryWarehouse.exportTrainingTable, what the export stage calls), from the local BigQuery
// server (test/support/bigquery) in a process of its own, by the Storage Read API (the default)
// and by REST pages: wall time and the peak memory (RSS) of this process. Then the same table
// with every real row repeated 10, 100 and 300 times by the server (14,040 to 421,200 rows). The
// adapter holds a few responses, one part (2,048 rows) and one row group of the file at a time, so
// the peak must not follow the table: the table as it is (1x, written in one step) fits inside
// that working set; from 10x on, the working set is full and the peak stays where it is.
// Run: node_modules/.bin/tsc -p tsconfig.json && node_modules/.bin/node bench/bigquery-export.bench.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => join(root, 'dist', path);
const { BigQueryWarehouse } = await import(dist('adapters/bigquery/bigquery-warehouse.js'));
const { SystemClock } = await import(dist('adapters/system/system-clock.js'));
const { DEFAULT_ROLE_SETTINGS } = await import(dist('domain/data/table-roles.js'));

const dir = mkdtempSync(join(tmpdir(), 'cbi-bench-bigquery-'));
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quietLogger;
  },
};

/** The local BigQuery in a child process, holding the 1m table `repeat` times over. */
async function startServer(repeat) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(root, 'bench/support/ts-hooks.mjs'),
      join(root, 'test/support/bigquery/serve.ts'),
      '--horizons',
      '1m',
      '--repeat',
      String(repeat),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const { value: line } = await lines[Symbol.asyncIterator]().next();
  const endpoints = JSON.parse(line);
  return {
    ...endpoints,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.stdin.end();
      }),
  };
}

/** Peak RSS while `work` runs, sampled every millisecond (DuckDB and gRPC work on threads of their own). */
async function withPeakRss(work) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 1);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}

/** The table as it is, then its rows repeated by the server. */
const REPEATS = [1, 10, 100, 300];

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

async function exportOnce(server, readApi, name) {
  const warehouse = await BigQueryWarehouse.open(
    {
      projectId: 'cbi-test',
      location: 'US',
      datasets: { training: 'training', predictions: 'predictions' },
      tableTemplate: 'zl_training_prod_allhistory_{h}',
      // 300x the table reads 1.5 GB: the cap of a project that exports it
      maximumBytesBilled: 8 * 1024 ** 3,
      readApi,
      requestTimeoutMs: 120_000,
      queryTimeoutMs: 600_000,
      emulator: { apiEndpoint: server.apiEndpoint, storageEndpoint: server.storageEndpoint },
      roles: DEFAULT_ROLE_SETTINGS,
    },
    { logger: quietLogger, clock: new SystemClock() },
  );
  const localPath = join(dir, name);
  try {
    await warehouse.trainingTables();
    // a warm-up read loads the clients (gRPC, protos) before anything is measured
    if (readApi === 'storage') await warehouse.latestDataDate('1m');
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const { result, peak } = await withPeakRss(() =>
      warehouse.exportTrainingTable('1m', {
        key: name,
        localPath,
        commit: async () => {},
        discard: async () => {},
      }),
    );
    return {
      seconds: (performance.now() - started) / 1000,
      rows: result.rows,
      columns: result.columns.length,
      bytes: statSync(localPath).size,
      before,
      peak,
    };
  } finally {
    await warehouse.close();
  }
}

const one = process.argv.indexOf('--one');
if (one >= 0) {
  // a measurement in a process of its own: memory a previous export left to the allocators does not count
  const repeat = Number(process.argv[one + 1]);
  const readApi = process.argv[one + 2];
  const server = await startServer(repeat);
  try {
    const r = await exportOnce(server, readApi, `1m-x${repeat}-${readApi}.parquet`);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    console.log(JSON.stringify({ ...r, peak: Math.max(r.peak, maxRss) }));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

try {
  const results = [];
  for (const repeat of REPEATS) {
    for (const readApi of ['storage', 'rest']) {
      // REST, the fallback, reads 300x for ten minutes: it stops at 100x
      if (readApi === 'rest' && repeat > 100) continue;
      const child = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--one', String(repeat), readApi],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      if (child.status !== 0) throw new Error(`the export of 1m x${repeat} by ${readApi} failed`);
      const r = JSON.parse(child.stdout.trim().split('\n').at(-1));
      results.push({ repeat, readApi, ...r });
      console.log(
        `1m x${repeat} by ${readApi.padEnd(7)}: ${r.rows} rows x ${r.columns} columns, ${mib(r.bytes)} Parquet, ${r.seconds.toFixed(1)} s, ` +
          `RSS ${mib(r.before)} before, peak ${mib(r.peak)} (+${mib(r.peak - r.before)}), ${(r.rows / r.seconds).toFixed(0)} rows/s`,
      );
    }
  }
  for (const readApi of ['storage', 'rest']) {
    const peaks = new Map(results.filter((r) => r.readApi === readApi).map((r) => [r.repeat, r.peak]));
    const ratio = (a, b) =>
      peaks.has(a) ? `${a}x against ${b}x ${(peaks.get(a) / peaks.get(b)).toFixed(2)}x` : '';
    console.log(
      `${readApi}: peak RSS ${[...peaks].map(([n, peak]) => `${n}x ${mib(peak)}`).join(', ')}; ` +
        [ratio(100, 1), ratio(100, 10), ratio(300, 100)].filter((r) => r !== '').join(', '),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
