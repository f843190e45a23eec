import { existsSync } from 'node:fs';
import { readdir, readFile, utimes, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanHome, type CleanHomeDeps, type CleanReport } from '../../src/app/housekeeping/clean-home.js';
import { FsHomeDisk } from '../../src/adapters/fs/fs-home-disk.js';
import type { RetentionPolicy } from '../../src/domain/housekeeping/retention.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { ageHome, type AgedNight } from '../support/aged-home.js';
import { tempHome } from '../support/temp-home.js';

const policy: RetentionPolicy = {
  runLogDays: 30,
  modelVersionDays: 7,
  foldCacheDays: 30,
  predictionFiles: 20,
  historyRuns: 40,
  daemonLogBytes: 64 * 1024,
};
const NIGHTS = 60;
const FIRST = '2020-01-01T05:59:00Z';
const HORIZONS = ['1m', '3m'] as const;
const LIBRARIES = ['lightgbm', 'xgboost'] as const;
const LIVE_NIGHT = 45;

/**
 * Retention on a home aged 60 nights by a fake clock: every night is a real run (real stages,
 * real soybean-oil series, fs stores) that cleans up after itself, as the nightly does.
 */
describe('retention over 60 nights', () => {
  let home: string;
  let dispose: () => Promise<void>;
  const runIds: string[] = [];
  const championEachNight: { night: number; dirs: string[]; present: boolean[] }[] = [];
  let duringLive: CleanReport | undefined;
  let stale = '';

  const deps = (night: AgedNight): CleanHomeDeps => ({
    clock: night.clock,
    disk: new FsHomeDisk({ home }),
    status: night.status,
    artifacts: night.artifacts,
    logger: new FakeLogger(),
    settings: { policy, minFreeBytes: 0 },
  });

  beforeAll(async () => {
    ({ home, dispose } = await tempHome());
    const soyOil = await SoyOilTableBuilder.load();
    await ageHome({
      home,
      soyOil,
      nights: NIGHTS,
      firstNight: FIRST,
      horizons: HORIZONS,
      housekeeping: (night) => ({
        after: async (run) => {
          runIds.push(run.run_id);
          await cleanHome(deps(night), { dryRun: false, tonight: run.run_id });
          // the champion of every horizon, and whether its version folder is still there
          const dirs: string[] = [];
          for (const horizon of HORIZONS) {
            const champion = JSON.parse(
              await readFile(join(home, `Models/local/horizon_${horizon}/prod/champion.json`), 'utf8'),
            ) as { model_dir: string };
            dirs.push(champion.model_dir);
          }
          championEachNight.push({
            night: night.index,
            dirs,
            present: dirs.map((d) => existsSync(join(home, d, 'metadata.json'))),
          });
          if (night.index === 0) {
            // a crashed night's half-written export, left behind with that night's time
            stale = 'TrainingData/exports/.zl_training_prod_allhistory_3m.parquet.tmp-9-x-1';
            await mkdir(join(home, 'TrainingData/exports'), { recursive: true });
            await writeFile(join(home, stale), 'half');
            const then = new Date(Date.parse(FIRST) - 3 * 86_400_000);
            await utimes(join(home, stale), then, then);
          }
        },
      }),
      // `cbi clean` from another process while night 45 holds the lock
      duringPredict: async (night) => {
        if (night.index === LIVE_NIGHT) duringLive = await cleanHome(deps(night), { dryRun: false });
      },
    });
  }, 600_000);
  afterAll(() => dispose());

  const list = async (folder: string): Promise<string[]> =>
    (await readdir(join(home, folder)).catch(() => [])).sort();

  it('keeps the run logs of the last 30 days, the last 40 runs of history and the last 20 prediction files', async () => {
    expect(runIds).toHaveLength(NIGHTS);
    const last = NIGHTS - 1;
    // night k started k days after the first; the last clean ran at the end of the last night,
    // so a night started exactly 30 days before the last one is past 30 days
    const logsKept = runIds.filter((_, k) => last - k < policy.runLogDays);
    expect((await list('Logs/nightly')).filter((n) => n.startsWith('nightly_pipeline_'))).toEqual(
      logsKept.flatMap((id) => [`nightly_pipeline_${id}.jsonl`, `nightly_pipeline_${id}.log`]).sort(),
    );
    expect(await list('Logs/nightly/runs')).toEqual(
      runIds.slice(-policy.historyRuns).map((id) => `${id}.json`),
    );
    expect(await list('Models/local/predictions')).toEqual(
      runIds.slice(-policy.predictionFiles).map((id) => `${id}.json`),
    );
  });

  it('keeps the model versions of the last 7 days, each champion and each model’s last version with skill', async () => {
    const last = NIGHTS - 1;
    const finalChampions = championEachNight.at(-1)?.dirs ?? [];
    for (const horizon of HORIZONS) {
      for (const library of LIBRARIES) {
        const folder = `Models/local/horizon_${horizon}/prod/${library}`;
        const versions = await list(folder);
        const recent = runIds.filter((_, k) => last - k < policy.modelVersionDays);
        // the newest version with skill, judged from every version trained (kept or not, the
        // nightly records say which had skill: walk-forward MAPE under naive)
        const expected = new Set(recent);
        for (const dir of finalChampions)
          if (dir.startsWith(`${folder}/`)) expected.add(dir.slice(folder.length + 1));
        for (const version of versions) {
          if (expected.has(version)) continue;
          const metadata = JSON.parse(
            await readFile(join(home, folder, version, 'metadata.json'), 'utf8'),
          ) as {
            metrics: { mape: number; naive_mape: number };
          };
          // an older version may only be left when it is the newest with skill
          expect(metadata.metrics.mape).toBeLessThan(metadata.metrics.naive_mape);
          const newer = versions.filter((v) => v > version && !recent.includes(v));
          expect(newer.filter((v) => !expected.has(v))).toEqual([]);
          expected.add(version);
        }
        expect(versions).toEqual([...expected].sort());
      }
    }
  });

  it('never loses a champion: after every night its version folder is there', () => {
    expect(championEachNight).toHaveLength(NIGHTS);
    for (const night of championEachNight) expect(night.present).toEqual(HORIZONS.map(() => true));
    // the champions were kept past 7 days at least once (a challenger must beat them to replace them)
    const ages = championEachNight.flatMap((n) =>
      n.dirs.map(
        (d) =>
          (Date.parse(FIRST) + n.night * 86_400_000 - runIdStart(d.split('/').at(-1) ?? '')) / 86_400_000,
      ),
    );
    expect(Math.max(...ages)).toBeGreaterThan(policy.modelVersionDays);
  });

  it('leaves a run that holds the lock alone: its files and the exports it reads', async () => {
    const live = runIds[LIVE_NIGHT] ?? '';
    expect(duringLive?.liveRun).toBe(live);
    const touched = (duringLive?.actions ?? []).map((a) => a.action.key);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.filter((key) => key.includes(live) || key.startsWith('TrainingData/'))).toEqual([]);
  });

  it('removes an export a crashed night left half-written, and keeps the current ones', async () => {
    expect(existsSync(join(home, stale))).toBe(false);
    expect(await list('TrainingData/exports')).toEqual([
      'quality_report.json',
      'zl_training_prod_allhistory_1m.parquet',
      'zl_training_prod_allhistory_1m.parquet.manifest.json',
      'zl_training_prod_allhistory_3m.parquet',
      'zl_training_prod_allhistory_3m.parquet.manifest.json',
    ]);
  });
});

function runIdStart(runId: string): number {
  return Date.parse(
    `${runId.slice(0, 4)}-${runId.slice(4, 6)}-${runId.slice(6, 8)}T${runId.slice(9, 11)}:${runId.slice(11, 13)}:${runId.slice(13, 15)}Z`,
  );
}
