import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import { readPredictionsFile } from '../../src/app/night/stages/predictions-file.js';
import { HORIZONS } from '../../src/domain/horizon.js';
import { exportKey, exportManifestKey } from '../../src/domain/layout.js';
import type { RunRecord } from '../../src/domain/night/run.js';
import { CbiTableBuilder } from '../builders/cbi-table.builder.js';
import { PROJECT, cbiTables } from '../support/bigquery/cbi-project.js';
import { seedOriginalPredictions } from '../support/bigquery/original-system.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';
import { runCbi, type CbiResult } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

const manifestSchema = z.object({
  rows: z.number(),
  first_date: z.string(),
  last_date: z.string(),
  content_hash: z.string(),
  frequency: z.string(),
  query: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
});

/**
 * The whole night with `warehouse.kind: "bigquery"`: `cbi run` (the real CLI, real boosters)
 * against the local BigQuery holding CBI-V14's five production tables in europe-west3, with no
 * location in the config, beside the predictions dataset the original system left there (its
 * table, a legacy row and its own latest view). A backend error on the first query and a rate
 * limit on the first upload are retried by the run's policy.
 */
describe('cbi run on BigQuery (the local server, CBI-V14 tables, real boosters)', () => {
  let server: BigQueryServer;
  let home: string;
  let dispose: () => Promise<void>;
  let first: CbiResult;
  let firstRun: RunRecord;

  const countKeys = async () =>
    (
      await server.rows(
        'SELECT count(*)::INTEGER AS n, count(DISTINCT (as_of_date, horizon, model_name, model_version, surface))::INTEGER AS keys FROM "predictions"."zl_predictions"',
      )
    )[0];

  beforeAll(async () => {
    server = await startBigQueryServer({
      projectId: PROJECT,
      tables: cbiTables(HORIZONS, 1, 'europe-west3'),
    });
    await seedOriginalPredictions(server, 'europe-west3');
    ({ home, dispose } = await tempHome());
    await writeFile(
      join(home, 'cbi.config.json'),
      JSON.stringify({
        warehouse: {
          kind: 'bigquery',
          projectId: PROJECT,
          emulator: { apiEndpoint: server.apiEndpoint, storageEndpoint: server.storageEndpoint },
        },
        // CBI-V14's tables end in 2025: their forecasts are published flagged stale, so the
        // upload has rows to carry (this is about the warehouse, not the data's age)
        run: {
          retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1_000 },
          delivery: { staleForecasts: 'flag' },
        },
        // few folds and rounds: this is about the warehouse, not the models
        training: {
          folds: 2,
          presets: { embedded: { lightgbm: { rounds: 20 }, xgboost: { rounds: 20 } } },
        },
      }),
    );
    server.faults.add('jobs.insert', {
      kind: 'http',
      status: 500,
      reason: 'backendError',
      message: 'Backend error',
    });
    server.faults.add('jobs.upload', {
      kind: 'http',
      status: 403,
      reason: 'rateLimitExceeded',
      message: 'Exceeded rate limits: too many table update operations for this table.',
    });
    first = await runCbi(['run', '--home', home, '--json']);
    firstRun = JSON.parse(first.stdout) as RunRecord;
  }, 1_800_000);
  afterAll(async () => {
    await server.close();
    await dispose();
  });

  it('succeeds: export, quality, every daily horizon trained, predict, upload and evaluate', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(firstRun.state).toBe('success');
    expect(firstRun.stages.map((s) => [s.name, s.status])).toEqual([
      ['export', 'succeeded'],
      ['quality', 'succeeded'],
      ...HORIZONS.map((h) => [`train_${h}`, 'succeeded']),
      ['predict', 'succeeded'],
      ['upload', 'succeeded'],
      ['evaluate', 'succeeded'],
    ]);
  });

  it("retries the backend error and the rate limit under the run's policy", () => {
    const retries = Object.fromEntries(firstRun.stages.map((s) => [s.name, s.retries]));
    expect(retries).toMatchObject({ export: 1, upload: 1, quality: 0, predict: 0, evaluate: 0 });
  });

  it('exports every table with its manifest: the rows BigQuery holds, the hash of the file written', async () => {
    for (const horizon of HORIZONS) {
      const manifest = manifestSchema.parse(
        JSON.parse(await readFile(join(home, exportManifestKey(horizon)), 'utf8')),
      );
      const facts = await CbiTableBuilder.of(horizon).facts();
      expect(manifest).toMatchObject({
        rows: facts.rows,
        first_date: facts.firstDate,
        last_date: facts.lastDate,
        frequency: 'daily',
        query: `SELECT * FROM \`cbi-test.training.zl_training_prod_allhistory_${horizon}\` ORDER BY \`date\``,
      });
      expect(manifest.columns.map((c) => c.name)).toEqual(facts.columns);
      const file = await readFile(join(home, exportKey(horizon)));
      expect(manifest.content_hash).toBe(createHash('sha256').update(file).digest('hex'));
    }
  });

  it("uploads the night's forecasts, the latest views and the metrics to the predictions dataset", async () => {
    // what the predict stage forecast (on CBI-V14's tables the quality gate lets only some horizons forecast)
    const file = await readPredictionsFile(new FsArtifactStore({ home }), firstRun.run_id);
    const forecast = file?.rows ?? [];
    expect(forecast.length).toBeGreaterThan(0);
    const stored = await server.rows(
      'SELECT run_id, horizon, CAST(as_of_date AS VARCHAR) AS as_of_date, model_name, is_champion, predicted_price FROM "predictions"."zl_predictions" ORDER BY horizon, model_name',
    );
    const key = (r: { readonly horizon?: unknown; readonly model_name?: unknown }) =>
      `${String(r.horizon)} ${String(r.model_name)}`;
    const tonight = stored.filter((r) => r['run_id'] === firstRun.run_id);
    expect(tonight.map((r) => key({ horizon: r['horizon'], model_name: r['model_name'] })).sort()).toEqual(
      forecast.map(key).sort(),
    );
    expect(stored.filter((r) => r['run_id'] !== firstRun.run_id)).toEqual([
      // the original system's forecast stays
      {
        run_id: 'seed-run',
        horizon: '1m',
        as_of_date: '2025-11-05',
        model_name: 'lightgbm',
        is_champion: null,
        predicted_price: 51,
      },
    ]);
    for (const horizon of HORIZONS) {
      const champions = forecast.filter((r) => r.horizon === horizon && r.is_champion);
      const latest = await server.rows(
        `SELECT run_id, CAST(as_of_date AS VARCHAR) AS as_of_date FROM "predictions"."vw_zl_${horizon}_latest"`,
      );
      // one row a date: tonight's champion, and the original system's forecast (1m, 2025-11-05)
      // where tonight made none for its date; on a date of both, tonight's is the newer
      const dates = new Set([
        ...champions.map((r) => r.as_of_date),
        ...(horizon === '1m' ? ['2025-11-05'] : []),
      ]);
      expect(latest.length, horizon).toBe(dates.size);
      for (const champion of champions)
        expect(latest.find((r) => r['as_of_date'] === champion.as_of_date)?.['run_id'], horizon).toBe(
          firstRun.run_id,
        );
    }
    // its own view is kept beside the updated one
    expect(
      await server.rows('SELECT count(*)::INTEGER AS n FROM "predictions"."vw_zl_1m_latest_before_cbi"'),
    ).toEqual([{ n: 1 }]);
    const metrics = await server.rows(
      `SELECT count(*)::INTEGER AS n FROM "predictions"."evaluation_metrics" WHERE run_id = '${firstRun.run_id}'`,
    );
    expect(metrics[0]?.['n']).toBeGreaterThan(0);
    const staging = await server.rows(
      `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name LIKE '_cbi_staging%'`,
    );
    expect(staging[0]?.['n']).toBe(0);
  });

  it('labels every job with the run and its stage, under the byte cap', () => {
    const stages = new Set(firstRun.stages.map((s) => s.name));
    const jobs = server.queryJobs();
    expect(jobs.length).toBeGreaterThan(10);
    for (const job of jobs) {
      // where the datasets are, though the config names no location
      expect(job.location).toBe('europe-west3');
      expect(job.labels['cbi_run_id']).toBe(firstRun.run_id);
      expect(stages.has(String(job.labels['cbi_stage'])), String(job.labels['cbi_stage'])).toBe(true);
      expect(job.maximumBytesBilled).toBe(String(1024 ** 3));
    }
    expect(new Set(jobs.map((j) => j.labels['cbi_stage']))).toEqual(
      new Set(['export', 'quality', ...HORIZONS.map((h) => `train_${h}`), 'predict', 'upload', 'evaluate']),
    );
    // forecasts are loaded by the upload stage, metrics by the evaluation
    expect(server.loadJobs().map((l) => [l.labels['cbi_stage'], l.labels['cbi_operation']])).toEqual([
      ['upload', 'upload_predictions'],
      ['upload', 'upload_predictions'],
      ['evaluate', 'upload_metrics'],
    ]);
  });

  it('uploads no duplicate when the night runs again', async () => {
    const before = await countKeys();
    expect(before?.['n']).toBe(before?.['keys']);
    const second = await runCbi(['run', '--home', home, '--json']);
    expect(second.code).toBe(0);
    const after = await countKeys();
    expect(after?.['n']).toBe(after?.['keys']);
    expect(after?.['n']).toBe(before?.['n']);
  }, 1_800_000);
});
