// The start-up bundle of the CLI (dist/bundle/): one file for the hot path instead of ~500
// modules of commander, zod, inversify and our own code, so the hourly `cbi watchdog` and
// `cbi status` start fast. Adapters stay in lazily loaded chunks; native and heavy packages
// (DuckDB, koffi, Arrow, pino, nodemailer, Google's BigQuery clients) load from node_modules as usual.
// What main.js imports before it turns the compile cache on: in `hourly`, that whole chunk would be
// compiled afresh on every start.
const ENTRY_IMPORTS = ['/app/cli/user-cache.js', '/app/cli/fd-output.js'];

const HOURLY = [
  'domain/errors',
  'domain/layout',
  'domain/json-object',
  'domain/exit-codes',
  'domain/iso-time',
  'domain/horizon',
  'domain/text-digest',
  'domain/model/horizon-forecast',
  'domain/night/pipeline-plan',
  'domain/night/models-set-aside',
  'domain/night/run',
  'domain/night/stage-details',
  'domain/night/run-record',
  'domain/night/run-verdict',
  'domain/watchdog/alert-message',
  'domain/watchdog/schedule',
  'domain/watchdog/health',
  'domain/watchdog/incident-policy',
  'domain/watchdog/watchdog-decision',
  'domain/watchdog/unwritable-home',
  'domain/watchdog/seed-alert-lines',
  'adapters/shared/node-errors',
  'adapters/shared/atomic-write',
  'adapters/alert/log-alerter',
  'adapters/alert/desktop-alerter',
  'adapters/process/detached-process-launcher',
  'app/config/warehouse-kind',
  'app/config/job-secrets',
  'app/config/config-cache',
  'app/config/load-config',
  'app/composition/package-root',
  'app/status/read-status',
  'app/watchdog/watchdog-settings',
  'app/watchdog/run-watchdog',
  'app/alerts/send-alerts',
];

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
    charset: 'ascii',
    comments: { legal: true, annotation: true, jsdoc: false },
    // The modules `cbi status` and `cbi watchdog` load, in one chunk rather than thirty (each
    // module file costs its own resolve, read and link at start-up; bench/cli-startup.bench.mjs):
    // the CLI's own modules, domain code, the config cache, the two commands and their alerters
    // and the bundler's runtime, nothing that imports a package (the schemas and zod stay apart: they load only when a file is new to the caches).
    codeSplitting: {
      groups: [
        // first: its own small chunk, so it stays out of `hourly`, which needs it too
        {
          name: 'entry',
          test: (id) => ENTRY_IMPORTS.some((m) => id.replaceAll('\\', '/').endsWith(m)),
          priority: 2,
        },
        {
          name: 'hourly',
          priority: 1,
          test: (id) => {
            const path = id.replaceAll('\\', '/');
            return (
              path.includes('rolldown/runtime') ||
              (/\/dist\/app\/cli\/[^/]+\.js$/.test(path) && !path.endsWith('/main.js')) ||
              HOURLY.some((module) => path.endsWith(`/dist/${module}.js`))
            );
          },
        },
      ],
    },
  },
  logLevel: 'warn',
};
