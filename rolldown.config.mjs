// The start-up bundle of the CLI (dist/bundle/): one file for the hot path instead of ~500
// modules of commander, zod, inversify and our own code, so the hourly `cbi watchdog` and
// `cbi status` start fast. Adapters stay in lazily loaded chunks; native and heavy packages
// (DuckDB, koffi, Arrow, pino, nodemailer, Google's BigQuery clients) load from node_modules as usual.
export default {
  input: 'dist/app/cli/main.js',
  platform: 'node',
  external: [
    /^node:/,
    /^@duckdb\//,
    'koffi',
    'apache-arrow',
    /^pino/,
    'nodemailer',
    /^@google-cloud\//,
    'google-auth-library',
    'google-gax',
  ],
  output: {
    dir: 'dist/bundle',
    format: 'esm',
    entryFileNames: 'main.js',
    chunkFileNames: '[name]-[hash].js',
  },
  logLevel: 'warn',
};
