// `cbi report` on a home with a year of nights: 365 real runs (the real stages on the real
// monthly soybean-oil series as it stood each night, least-squares trainers, fs stores, retention
// after each night as the nightly does), a three-night outage and two watchdog checks a day.
// Then times `bin/cbi report --home <home>` (wall time and peak RSS, via /usr/bin/time when there).
// Run: npm run build && node_modules/.bin/node --experimental-transform-types --no-warnings \
//        --import ./bench/support/ts-source.mjs bench/report.bench.mjs [nights]
// CBI_BENCH_HOME=<folder> keeps (or reuses) the aged home.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nights = Number(process.argv[2] ?? 365);
const keep = process.env.CBI_BENCH_HOME;
const home = keep ?? mkdtempSync(join(tmpdir(), 'cbi-report-bench-'));

if (!existsSync(join(home, 'Logs/nightly/runs'))) {
  if (!process.execArgv.includes('--experimental-transform-types')) {
    console.error(
      'building the aged home needs --experimental-transform-types --import ./bench/support/ts-source.mjs',
    );
    process.exit(64);
  }
  mkdirSync(home, { recursive: true });
  const { ageHome } = await import(join(root, 'test/support/aged-home.ts'));
  const { SoyOilTableBuilder } = await import(join(root, 'test/builders/soy-oil-table.builder.ts'));
  const { cleanHome } = await import(join(root, 'src/app/housekeeping/clean-home.ts'));
  const { FsHomeDisk } = await import(join(root, 'src/adapters/fs/fs-home-disk.ts'));
  const { retentionConfigSchema, cleanHomeSettingsFrom } = await import(
    join(root, 'src/app/config/retention-config.ts')
  );
  const settings = cleanHomeSettingsFrom(retentionConfigSchema.parse(undefined));
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
  const started = performance.now();
  await ageHome({
    home,
    soyOil: await SoyOilTableBuilder.load(),
    nights,
    firstNight: '2019-01-01T05:59:00Z',
    horizons: ['1m', '3m', '6m', '12m'],
    failingNights: new Set([200, 201, 202]),
    watchdogChecksPerDay: 2,
    housekeeping: (night) => ({
      after: async (run) => {
        await cleanHome(
          {
            clock: night.clock,
            disk: new FsHomeDisk({ home }),
            status: night.status,
            artifacts: night.artifacts,
            logger: quiet,
            settings,
          },
          { dryRun: false, tonight: run.run_id },
        );
        if ((night.index + 1) % 50 === 0) console.log(`  ${night.index + 1} nights aged`);
      },
    }),
  });
  console.log(`aged ${nights} nights in ${((performance.now() - started) / 1000).toFixed(1)} s: ${home}`);
}

const runs = readFileSync(join(home, 'Logs/nightly/watchdog.log'), 'utf8').split('\n').length - 1;
const time = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'TIME %e s, peak RSS %M kB'] : [];
const args = [...time, join(root, 'bin', 'cbi'), 'report', '--home', home];
const results = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const run = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  const wall = (performance.now() - t) / 1000;
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  const measured = /TIME ([\d.]+) s, peak RSS (\d+) kB/.exec(run.stderr);
  results.push({ wall, rssMb: measured ? Number(measured[2]) / 1024 : null });
  if (i === 0) console.log(run.stdout.trim());
}
const history = spawnSync('ls', [join(home, 'Logs/nightly/runs')], { encoding: 'utf8' })
  .stdout.trim()
  .split('\n').length;
const size = readFileSync(join(home, 'Logs/nightly/report.html')).length;
console.log(
  `home: ${history} runs of history, ${runs} watchdog checks; report.html ${(size / 1024).toFixed(0)} kB`,
);
for (const [i, r] of results.entries())
  console.log(
    `cbi report #${i + 1}: ${r.wall.toFixed(2)} s wall${r.rssMb === null ? '' : `, peak RSS ${r.rssMb.toFixed(0)} MB`}`,
  );
if (keep === undefined) rmSync(home, { recursive: true, force: true });
