import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { PREDICTION_FIELDS } from '../../src/adapters/bigquery/bigquery-prediction-rows.js';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { ParquetDirTableSource } from '../../src/adapters/parquet/parquet-dir-table-source.js';
import { AsyncStageScope } from '../../src/adapters/system/async-stage-scope.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { HORIZONS } from '../../src/domain/horizon.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import type { PredictionRow } from '../../src/domain/data/warehouse-types.js';
import type { StagedArtifact } from '../../src/ports/artifact-store.port.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI_DIR } from '../builders/cbi-table.builder.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import { field, recordOf } from '../support/bigquery/state.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';

const RUN = '20261129_235900';

/** What the adapter asks of BigQuery, checked on the local server's record of every call. */
describe('BigQueryWarehouse: what it asks of BigQuery', () => {
  let server: BigQueryServer;
  let scratch: string;
  const scope = new AsyncStageScope();
  const open = (predictions: string, overrides = {}) =>
    BigQueryWarehouse.open(
      localSettings(server, { datasets: { training: 'training', predictions }, ...overrides }),
      { logger: new FakeLogger(), clock: new SystemClock(), scope },
    );
  const staged = (name: string): StagedArtifact => ({
    key: name,
    localPath: join(scratch, name),
    commit: async () => undefined,
    discard: async () => undefined,
  });

  beforeAll(async () => {
    server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(HORIZONS) });
    scratch = await mkdtemp(join(tmpdir(), 'cbi-bq-requests-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('exports with one ordered SELECT per table, read by one Storage Read API stream, every job labelled and capped', async () => {
    server.reset();
    const warehouse = await open('predictions_export');
    try {
      await scope.run({ runId: RUN, stage: 'export' }, () =>
        warehouse.exportTrainingTable('1m', staged('1m.parquet')),
      );
    } finally {
      await warehouse.close();
    }
    const jobs = server.queryJobs();
    expect(jobs.map((j) => j.sql)).toEqual([
      [
        "SELECT '1w' AS horizon, CAST(d AS STRING) AS d FROM (SELECT DISTINCT `date` AS d FROM `cbi-test.training.zl_training_prod_allhistory_1w` WHERE `date` IS NOT NULL)",
        'UNION ALL',
        "SELECT '1m' AS horizon, CAST(d AS STRING) AS d FROM (SELECT DISTINCT `date` AS d FROM `cbi-test.training.zl_training_prod_allhistory_1m` WHERE `date` IS NOT NULL)",
        'UNION ALL',
        "SELECT '3m' AS horizon, CAST(d AS STRING) AS d FROM (SELECT DISTINCT `date` AS d FROM `cbi-test.training.zl_training_prod_allhistory_3m` WHERE `date` IS NOT NULL)",
        'UNION ALL',
        "SELECT '6m' AS horizon, CAST(d AS STRING) AS d FROM (SELECT DISTINCT `date` AS d FROM `cbi-test.training.zl_training_prod_allhistory_6m` WHERE `date` IS NOT NULL)",
        'UNION ALL',
        "SELECT '12m' AS horizon, CAST(d AS STRING) AS d FROM (SELECT DISTINCT `date` AS d FROM `cbi-test.training.zl_training_prod_allhistory_12m` WHERE `date` IS NOT NULL)",
        'ORDER BY horizon, d',
      ].join('\n'),
      'SELECT * FROM `cbi-test.training.zl_training_prod_allhistory_1m` ORDER BY `date`',
    ]);
    for (const job of jobs) {
      expect(job.labels).toEqual({
        app: 'cbi-autopilot',
        cbi_operation: job.sql.startsWith('SELECT *') ? 'export' : 'table_dates',
        cbi_run_id: RUN,
        cbi_stage: 'export',
      });
      expect(job).toMatchObject({
        maximumBytesBilled: String(1024 ** 3),
        jobTimeoutMs: '120000',
        useLegacySql: false,
        location: 'US',
      });
    }
    const sessions = server.requests.filter((r) => r.api === 'storage.CreateReadSession');
    expect(sessions).toHaveLength(1);
    expect(field(sessions[0]?.body, 'maxStreamCount')).toBe(1);
    expect(field(field(sessions[0]?.body, 'readSession'), 'dataFormat')).toBe('ARROW');
    expect(String(field(field(sessions[0]?.body, 'readSession'), 'table'))).toMatch(
      /^projects\/cbi-test\/datasets\/_results\/tables\/anon_\d+$/,
    );
    // one stream, read from its first row, routed by its name as Google's client routes it
    const reads = server.requests.filter((r) => r.api === 'storage.ReadRows');
    expect(reads).toHaveLength(1);
    const stream = String(field(reads[0]?.body, 'readStream'));
    expect(stream).toMatch(/^projects\/cbi-test\/locations\/[^/]+\/sessions\/[^/]+\/streams\/[^/]+$/);
    expect(reads[0]?.routing).toBe(`read_stream=${encodeURIComponent(stream)}`);
    expect(sessions[0]?.routing).toMatch(/^read_session\.table=projects%2Fcbi-test%2F/);
    // no rows came through REST pages: the default path is the Storage Read API
    expect(
      server.requests
        .filter((r) => r.api === 'jobs.getQueryResults')
        .every((r) => r.query['maxResults'] === '0' || r.query['maxResults'] === '10000'),
    ).toBe(true);
  });

  it('uploads a run with a load job into a staging table of its own and one MERGE on the forecast key', async () => {
    server.reset();
    const warehouse = await open('predictions_upload');
    const rows: PredictionRow[] = (['lightgbm', 'xgboost'] as const).map((model) => ({
      as_of_date: '2025-11-06',
      horizon: '1m',
      target_date: '2025-12-05',
      current_price: 50.89,
      predicted_price: model === 'lightgbm' ? 51.2 : 50.1,
      predicted_return: model === 'lightgbm' ? 0.00609 : -0.01552,
      model_name: model,
      model_version: RUN,
      surface: 'prod',
      is_champion: model === 'lightgbm',
      run_id: RUN,
      created_at: '2026-11-30T00:12:00.000+00:00',
      has_skill: model === 'lightgbm',
    }));
    try {
      await scope.run({ runId: RUN, stage: 'upload' }, () => warehouse.writePredictions(RUN, rows));
    } finally {
      await warehouse.close();
    }
    const created = server.requests.filter((r) => r.api === 'tables.insert').map((r) => recordOf(r.body));
    const table = created.find((t) => field(t['tableReference'], 'tableId') === 'zl_predictions');
    expect(table?.['timePartitioning']).toEqual({ type: 'MONTH', field: 'as_of_date' });
    expect(table?.['clustering']).toEqual({ fields: ['horizon'] });
    const view = created.find((t) => field(t['tableReference'], 'tableId') === 'vw_zl_1m_latest');
    expect(field(view?.['view'], 'query')).toBe(
      [
        'SELECT * EXCEPT (newest) FROM (',
        '  SELECT *, ROW_NUMBER() OVER (PARTITION BY as_of_date ORDER BY SAFE_CAST(created_at AS TIMESTAMP) DESC NULLS LAST, created_at DESC, run_id DESC) AS newest',
        "  FROM `cbi-test.predictions_upload.zl_predictions` WHERE horizon = '1m' AND COALESCE(is_champion, TRUE))",
        'WHERE newest = 1',
      ].join('\n'),
    );
    const staging = created.find((t) =>
      String(field(t['tableReference'], 'tableId')).startsWith('_cbi_staging'),
    );
    expect(field(staging?.['tableReference'], 'tableId')).toBe(`_cbi_staging_zl_predictions_${RUN}`);
    const expires = Number(staging?.['expirationTime']);
    expect(expires - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);

    const [load] = server.loadJobs();
    expect(load?.load).toMatchObject({
      destinationTable: {
        projectId: PROJECT,
        datasetId: 'predictions_upload',
        tableId: `_cbi_staging_zl_predictions_${RUN}`,
      },
      schema: { fields: PREDICTION_FIELDS },
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      writeDisposition: 'WRITE_TRUNCATE',
      createDisposition: 'CREATE_NEVER',
    });
    expect(load?.labels).toEqual({
      app: 'cbi-autopilot',
      cbi_operation: 'upload_predictions',
      cbi_run_id: RUN,
      cbi_stage: 'upload',
    });
    expect(
      load?.data
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual(rows.map((r) => ({ interval_low: null, interval_high: null, interval_level: null, ...r })));

    const merge = server.queryJobs().find((j) => j.sql.startsWith('MERGE'));
    expect(merge?.sql).toBe(
      [
        'MERGE INTO `cbi-test.predictions_upload.zl_predictions` AS T',
        `USING \`cbi-test.predictions_upload._cbi_staging_zl_predictions_${RUN}\` AS S`,
        "ON T.`as_of_date` BETWEEN DATE '2025-11-06' AND DATE '2025-11-06' AND T.`as_of_date` = S.`as_of_date` AND T.`horizon` = S.`horizon` AND T.`model_name` = S.`model_name` AND T.`model_version` = S.`model_version` AND T.`surface` = S.`surface`",
        'WHEN MATCHED THEN UPDATE SET `target_date` = S.`target_date`, `current_price` = S.`current_price`, `predicted_price` = S.`predicted_price`, `predicted_return` = S.`predicted_return`, `is_champion` = S.`is_champion`, `run_id` = S.`run_id`, `created_at` = S.`created_at`, `has_skill` = S.`has_skill`, `interval_low` = S.`interval_low`, `interval_high` = S.`interval_high`, `interval_level` = S.`interval_level`',
        'WHEN NOT MATCHED BY TARGET THEN INSERT (`as_of_date`, `horizon`, `target_date`, `current_price`, `predicted_price`, `predicted_return`, `model_name`, `model_version`, `surface`, `is_champion`, `run_id`, `created_at`, `has_skill`, `interval_low`, `interval_high`, `interval_level`) VALUES (S.`as_of_date`, S.`horizon`, S.`target_date`, S.`current_price`, S.`predicted_price`, S.`predicted_return`, S.`model_name`, S.`model_version`, S.`surface`, S.`is_champion`, S.`run_id`, S.`created_at`, S.`has_skill`, S.`interval_low`, S.`interval_high`, S.`interval_level`)',
        // only the partitions of the run's days are read and billed
        "WHEN NOT MATCHED BY SOURCE AND T.run_id = @run_id AND T.`as_of_date` BETWEEN DATE '2025-11-06' AND DATE '2025-11-06' THEN DELETE",
      ].join('\n'),
    );
    expect(merge?.parameters).toEqual([
      { name: 'run_id', parameterType: { type: 'STRING' }, parameterValue: { value: RUN } },
    ]);
    expect(merge?.labels).toMatchObject({
      cbi_run_id: RUN,
      cbi_stage: 'upload',
      cbi_operation: 'upload_predictions',
    });
    // the staging table goes once merged; nothing else is ever dropped
    const deleted = server.requests
      .filter((r) => r.api === 'tables.delete')
      .map((r) => r.path.split('/').pop());
    expect(deleted).toEqual([`_cbi_staging_zl_predictions_${RUN}`]);
    expect(server.queryJobs().some((j) => /\bDROP\b|\bTRUNCATE\b|CREATE OR REPLACE/i.test(j.sql))).toBe(
      false,
    );
    expect(
      await server.rows(
        'SELECT model_name, is_champion FROM "predictions_upload"."zl_predictions" ORDER BY 1',
      ),
    ).toEqual([
      { model_name: 'lightgbm', is_champion: true },
      { model_name: 'xgboost', is_champion: false },
    ]);
  });

  it('creates only what is missing, never drops, and adds the columns a table of the original system lacks', async () => {
    // the original system's predictions table: the seed's columns, one forecast of its own
    const original = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    const [dataset] = await original.createDataset('predictions_seed', { location: 'US' });
    // what the original system wrote: no champion flag, no skill, no interval
    const ours = ['is_champion', 'has_skill', 'interval_low', 'interval_high', 'interval_level'];
    const seedColumns = PREDICTION_FIELDS.filter((f) => !ours.includes(f.name));
    await dataset.createTable('zl_predictions', {
      schema: { fields: seedColumns.map((f) => ({ name: f.name, type: f.type, mode: f.mode })) },
    });
    await server.rows(
      `INSERT INTO "predictions_seed"."zl_predictions" VALUES ('2025-11-05', '1m', '2025-12-04', 50.9, 51.0, 0.002, 'lightgbm', 'seed-v1', 'prod', 'seed-run', '2025-11-05T23:59:00')`,
    );
    server.reset();
    const first = await open('predictions_seed');
    await first.readPredictions('1m');
    await first.close();
    expect(server.requests.filter((r) => r.api === 'datasets.insert')).toEqual([]);
    const patches = server.requests.filter((r) => r.api === 'tables.patch');
    expect(patches.map((r) => r.path.split('/').pop())).toEqual(['zl_predictions']);
    expect(field(field(patches[0]?.body, 'schema'), 'fields')).toEqual([
      ...seedColumns.map((f) => ({
        name: f.name,
        type: f.type === 'FLOAT64' ? 'FLOAT' : f.type,
        mode: f.mode,
      })),
      { name: 'is_champion', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'has_skill', type: 'BOOL', mode: 'NULLABLE' },
      // added as our schema names them (BigQuery takes FLOAT64 and FLOAT alike)
      { name: 'interval_low', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'interval_high', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'interval_level', type: 'FLOAT64', mode: 'NULLABLE' },
    ]);
    expect(
      server.requests
        .filter((r) => r.api === 'tables.insert')
        .map((r) => field(field(r.body, 'tableReference'), 'tableId')),
    ).toEqual(['evaluation_metrics', ...HORIZONS.map((h) => `vw_zl_${h}_latest`)]);
    expect(
      await server.rows('SELECT model_version, is_champion FROM "predictions_seed"."zl_predictions"'),
    ).toEqual([{ model_version: 'seed-v1', is_champion: null }]);
    // everything is there now: a later run creates, patches and drops nothing
    server.reset();
    const again = await open('predictions_seed');
    await again.readPredictions('1m');
    await again.close();
    const changes = server.requests.filter(
      (r) => /insert|patch|delete/.test(r.api) && r.api !== 'jobs.insert',
    );
    expect(changes).toEqual([]);
  });

  it('hands over the same Arrow as the DuckDB adapter for every CBI-V14 table, by either read path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-bq-duckdb-'));
    const duckdb = await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger());
    await duckdb.loadTrainingTables(await new ParquetDirTableSource({ dir: CBI_DIR }).list(), {
      roles: DEFAULT_ROLE_SETTINGS,
    });
    const storage = await open('predictions_shapes');
    const rest = await open('predictions_shapes', { readApi: 'rest' });
    try {
      expect(await storage.trainingTables()).toEqual(
        (await duckdb.trainingTables()).map((t) => ({ ...t, table: t.table })),
      );
      for (const horizon of HORIZONS) {
        const expected = await duckdb.readTrainingTable(horizon);
        for (const warehouse of [storage, rest]) {
          const table = await warehouse.readTrainingTable(horizon);
          expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(
            expected.schema.fields.map((f) => `${f.name}:${String(f.type)}`),
          );
          expect(table.numRows).toBe(expected.numRows);
          for (const f of expected.schema.fields) {
            const want = expected.getChild(f.name)?.toArray() as ArrayLike<unknown>;
            const got = table.getChild(f.name)?.toArray() as ArrayLike<unknown>;
            expect(Array.from(got), `${horizon} ${f.name}`).toEqual(Array.from(want));
            expect(table.getChild(f.name)?.nullCount, `${horizon} ${f.name} nulls`).toBe(
              expected.getChild(f.name)?.nullCount,
            );
          }
        }
      }
    } finally {
      duckdb.close();
      await storage.close();
      await rest.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('exports the same Parquet as the DuckDB adapter: same columns and types, same rows in the same order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-bq-duckdb-'));
    const duckdb = await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger());
    await duckdb.loadTrainingTables(await new ParquetDirTableSource({ dir: CBI_DIR }).list(), {
      roles: DEFAULT_ROLE_SETTINGS,
    });
    const warehouse = await open('predictions_parquet');
    const db = await DuckDBInstance.create(':memory:');
    const sql = await db.connect();
    try {
      for (const horizon of ['1m', '12m'] as const) {
        const theirs = await duckdb.exportTrainingTable(horizon, staged(`duckdb-${horizon}.parquet`));
        const ours = await warehouse.exportTrainingTable(horizon, staged(`bigquery-${horizon}.parquet`));
        expect({ ...ours, table: theirs.table, query: theirs.query }).toEqual(theirs);
        const file = (name: string) => `read_parquet('${join(scratch, name)}')`;
        const a = file(`duckdb-${horizon}.parquet`);
        const b = file(`bigquery-${horizon}.parquet`);
        const described = async (f: string) =>
          (await sql.runAndReadAll(`DESCRIBE SELECT * FROM ${f}`)).getRowObjectsJS();
        expect(await described(b)).toEqual(await described(a));
        const differing = await sql.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM (SELECT row_number() OVER () AS i, * FROM ${a}) x FULL JOIN (SELECT row_number() OVER () AS i, * FROM ${b}) y USING (i) WHERE x IS DISTINCT FROM y`,
        );
        expect(differing.getColumnsJS()[0]?.[0]).toBe(0);
      }
    } finally {
      sql.closeSync();
      db.closeSync();
      duckdb.close();
      await warehouse.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('writes a table larger than it holds in memory in parts, joined in date order', async () => {
    const repeated = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['3m'], 3) });
    try {
      const warehouse = await BigQueryWarehouse.open(localSettings(repeated, { partBytes: 2048 * 8 * 300 }), {
        logger: new FakeLogger(),
        clock: new SystemClock(),
      });
      const summary = await warehouse.exportTrainingTable('3m', staged('3m-parts.parquet'));
      await warehouse.close();
      expect(summary.rows).toBe(3 * 1475);
      const db = await DuckDBInstance.create(':memory:');
      const sql = await db.connect();
      const file = `read_parquet('${join(scratch, '3m-parts.parquet')}')`;
      const rows = (
        await sql.runAndReadAll(
          `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE date < lag)::INTEGER AS backwards, count(DISTINCT date)::INTEGER AS dates FROM (SELECT date, lag(date) OVER () AS lag FROM ${file})`,
        )
      ).getRowObjectsJS();
      const groups = (
        await sql.runAndReadAll(
          `SELECT count(*)::INTEGER AS n FROM parquet_metadata(${file.replace('read_parquet', '')}) WHERE column_id = 0`,
        )
      ).getRowObjectsJS();
      sql.closeSync();
      db.closeSync();
      expect(rows).toEqual([{ n: 3 * 1475, backwards: 0, dates: 1475 }]);
      // one row group per part of 2048 rows (DuckDB's writer keeps a part's rows together)
      expect(Number(groups[0]?.['n'])).toBeGreaterThan(1);
    } finally {
      await repeated.close();
    }
  });
});
