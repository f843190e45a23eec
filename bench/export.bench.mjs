// Export of the largest training table to Parquet: through the DuckDB adapter
// (DuckDbWarehouse.exportTrainingTable, what the export stage calls) next to DuckDB's own
// `COPY (SELECT * FROM t ORDER BY date) TO ... (FORMAT parquet)` of the same table, in the same
// run, on the real FRED series. Target: the adapter within 1.5x of the bare COPY. Also the peak
// memory (RSS) of the process during the adapter's exports.
// Run: node_modules/.bin/tsc -p tsconfig.json && node_modules/.bin/node bench/export.bench.mjs [N]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => join(root, 'dist', path);
const { DuckDbWarehouse } = await import(dist('adapters/duckdb/duckdb-warehouse.js'));
const { FredSeriesSource } = await import(dist('adapters/fred/fred-series-source.js'));
const { SystemClock } = await import(dist('adapters/system/system-clock.js'));
const { sourceConfigSchema } = await import(dist('app/config/source-config.js'));

const runs = Number(process.argv[2] ?? 25);
const fredDir = join(root, 'data', 'fred');
const dir = mkdtempSync(join(tmpdir(), 'cbi-bench-export-'));
const dbPath = join(dir, 'cbi.duckdb');
const quietLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return quietLogger;
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function staged(name) {
  const localPath = join(dir, name);
  return { key: name, localPath, commit: async () => {}, discard: async () => {} };
}

/** Peak RSS while `work` runs, sampled every millisecond (DuckDB writes on its own threads). */
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

try {
  const config = sourceConfigSchema.parse({});
  const source = new FredSeriesSource(
    {
      dir: fredDir,
      baseUrl: config.baseUrl,
      cacheDir: join(dir, 'cache'),
      timeoutMs: 1000,
      attempts: 1,
      retryDelayMs: 1,
    },
    new SystemClock(),
    quietLogger,
  );
  const warehouse = await DuckDbWarehouse.open({ path: dbPath }, quietLogger);
  const ids = [config.target, ...config.drivers];
  const series = [];
  for (const id of ids) series.push(await source.fetch(id));
  let started = performance.now();
  await warehouse.ingestSeries(series, { now: new Date() });
  const ingestMs = performance.now() - started;
  started = performance.now();
  const tables = await warehouse.buildTrainingTables({
    target: config.target,
    drivers: config.drivers,
    surface: 'prod',
  });
  const buildMs = performance.now() - started;

  // the largest table by cells
  let largest;
  for (const info of tables) {
    const table = await warehouse.readTrainingTable(info.horizon);
    const cells = table.numRows * table.numCols;
    if (!largest || cells > largest.cells)
      largest = { info, cells, rows: table.numRows, cols: table.numCols };
  }
  const readSamples = [];
  for (let i = 0; i < 25; i++) {
    const t0 = performance.now();
    await warehouse.readTrainingTable(largest.info.horizon);
    if (i >= 5) readSamples.push(performance.now() - t0);
  }
  const readMs = median(readSamples);

  warehouse.close();
  // alternate rounds of the two ways (the adapter needs the file to itself), so load on the
  // machine hits both alike; two warm-up exports per round are not counted
  const rounds = 3;
  const perRound = Math.ceil(runs / rounds);
  const adapterMs = [];
  const copyMs = [];
  const baseline = process.memoryUsage().rss;
  let peakRss = baseline;
  let bytes = 0;
  for (let round = 0; round < rounds; round++) {
    const opened = await DuckDbWarehouse.open({ path: dbPath }, quietLogger);
    for (let i = 0; i < perRound + 2; i++) {
      const target = staged(`adapter-${round}-${i}.parquet`);
      const t0 = performance.now();
      await opened.exportTrainingTable(largest.info.horizon, target);
      const ms = performance.now() - t0;
      if (i >= 2) adapterMs.push(ms);
      bytes = statSync(target.localPath).size;
    }
    if (round === rounds - 1) {
      // memory in its own pass: the 1 ms sampler would slow the timed exports
      for (let i = 0; i < 5; i++) {
        const { peak } = await withPeakRss(() =>
          opened.exportTrainingTable(largest.info.horizon, staged(`memory-${i}.parquet`)),
        );
        peakRss = Math.max(peakRss, peak);
      }
    }
    opened.close();
    const instance = await DuckDBInstance.create(dbPath);
    const connection = await instance.connect();
    for (let i = 0; i < perRound + 2; i++) {
      const path = join(dir, `copy-${round}-${i}.parquet`).replaceAll("'", "''");
      const t0 = performance.now();
      await connection.run(
        `COPY (SELECT * FROM ${largest.info.table} ORDER BY date) TO '${path}' (FORMAT parquet, COMPRESSION zstd)`,
      );
      const ms = performance.now() - t0;
      if (i >= 2) copyMs.push(ms);
    }
    connection.closeSync();
    instance.closeSync();
  }

  const adapter = median(adapterMs);
  const copy = median(copyMs);
  const mb = (n) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `real FRED series: ${ids.length}; ingest ${ingestMs.toFixed(0)} ms, build ${tables.length} training tables ${buildMs.toFixed(0)} ms`,
  );
  console.log(
    `largest training table: ${largest.info.table} (${largest.rows} rows x ${largest.cols} columns), Parquet ${(bytes / 1024).toFixed(1)} KiB`,
  );
  console.log(
    `read as Arrow through the adapter: median ${readMs.toFixed(2)} ms (min ${Math.min(...readSamples).toFixed(2)}, n=${readSamples.length})`,
  );
  console.log(
    `export through the adapter: median ${adapter.toFixed(2)} ms (min ${Math.min(...adapterMs).toFixed(2)}, max ${Math.max(...adapterMs).toFixed(2)}, n=${adapterMs.length})`,
  );
  console.log(
    `DuckDB's own COPY ... TO:    median ${copy.toFixed(2)} ms (min ${Math.min(...copyMs).toFixed(2)}, max ${Math.max(...copyMs).toFixed(2)}, n=${copyMs.length})`,
  );
  console.log(
    `ratio adapter / COPY: median ${(adapter / copy).toFixed(2)}x, min ${(Math.min(...adapterMs) / Math.min(...copyMs)).toFixed(2)}x (target <= 1.5x) ${adapter / copy <= 1.5 ? 'OK' : 'OVER TARGET'}`,
  );
  console.log(
    `peak RSS during the adapter's exports: ${mb(peakRss)} MiB (${mb(peakRss - baseline)} MiB above the ${mb(baseline)} MiB before)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
