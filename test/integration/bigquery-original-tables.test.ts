import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryWarehouse } from '../../src/adapters/bigquery/bigquery-warehouse.js';
import { SystemClock } from '../../src/adapters/system/system-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { PROJECT, cbiTables, localSettings } from '../support/bigquery/cbi-project.js';
import {
  ORIGINAL_FIELDS,
  originalViewSql,
  seedOriginalPredictions,
} from '../support/bigquery/original-system.js';
import { field } from '../support/bigquery/state.js';
import { startBigQueryServer, type BigQueryServer } from '../support/bigquery/server.js';
import { NIGHT_RUN, nightForecast } from '../support/bigquery/night-forecast.js';

const RUN = NIGHT_RUN;
const ROW = nightForecast();

describe('BigQueryWarehouse: a predictions table the original system left', () => {
  let server: BigQueryServer;
  const open = () =>
    BigQueryWarehouse.open(localSettings(server), { logger: new FakeLogger(), clock: new SystemClock() });

  beforeAll(async () => {
    server = await startBigQueryServer({ projectId: PROJECT, tables: cbiTables(['1m']) });
    await seedOriginalPredictions(server, 'US');
  });
  afterAll(() => server.close());

  it('adopts it: adds the columns it lacks with its own fields untouched, updates the view keeping the old one, keeps every row', async () => {
    server.reset();
    const warehouse = await open();
    try {
      await warehouse.writePredictions(RUN, [ROW]);
      const stored = await warehouse.readPredictions('1m');
      expect(stored.map((r) => [r.run_id, r.created_at, r.is_champion])).toEqual([
        ['seed-run', 'Wed Nov  5 23:59:00 2025', false],
        [RUN, ROW.created_at, true],
      ]);
      // the original system's forecast has no champion flag: it published what it wrote
      expect((await warehouse.readLatestPredictions('1m')).map((r) => r.as_of_date)).toEqual([
        '2025-11-05',
        '2025-11-06',
      ]);
    } finally {
      await warehouse.close();
    }
    const patch = server.requests.find((r) => r.api === 'tables.patch' && r.path.endsWith('/zl_predictions'));
    expect(field(field(patch?.body, 'schema'), 'fields')).toEqual([
      ...ORIGINAL_FIELDS,
      { name: 'is_champion', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'has_skill', type: 'BOOL', mode: 'NULLABLE' },
      { name: 'interval_low', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'interval_high', type: 'FLOAT64', mode: 'NULLABLE' },
      { name: 'interval_level', type: 'FLOAT64', mode: 'NULLABLE' },
    ]);
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    const dataset = client.dataset('predictions');
    const [table] = await dataset.table('zl_predictions').getMetadata();
    expect(field(field(table, 'schema'), 'fields')).toEqual([
      ...ORIGINAL_FIELDS,
      { name: 'is_champion', type: 'BOOLEAN', mode: 'NULLABLE' },
      { name: 'has_skill', type: 'BOOLEAN', mode: 'NULLABLE' },
      { name: 'interval_low', type: 'FLOAT', mode: 'NULLABLE' },
      { name: 'interval_high', type: 'FLOAT', mode: 'NULLABLE' },
      { name: 'interval_level', type: 'FLOAT', mode: 'NULLABLE' },
    ]);
    const [view] = await dataset.table('vw_zl_1m_latest').getMetadata();
    expect(String(field(field(view, 'view'), 'query'))).toMatch(/COALESCE\(is_champion, TRUE\)/);
    const [kept] = await dataset.table('vw_zl_1m_latest_before_cbi').getMetadata();
    expect(field(field(kept, 'view'), 'query')).toBe(originalViewSql('1m'));
    // nothing of the user's was dropped: the only deletion is the night's own staging table
    expect(
      server.requests.filter((r) => r.api === 'tables.delete').map((r) => r.path.split('/').pop()),
    ).toEqual([`_cbi_staging_zl_predictions_${RUN}`]);
    expect(await server.rows('SELECT count(*)::INTEGER AS n FROM "predictions"."zl_predictions"')).toEqual([
      { n: 2 },
    ]);
  });

  it("changes nothing more on the next night: the table and views are the product's now", async () => {
    server.reset();
    const warehouse = await open();
    await warehouse.readLatestPredictions('1m');
    await warehouse.close();
    expect(
      server.requests.filter((r) => /insert|patch|delete/.test(r.api) && r.api !== 'jobs.insert'),
    ).toEqual([]);
  });

  it('refuses a column of another type in one line that says how, and leaves the table as it is', async () => {
    const client = new BigQuery({
      projectId: PROJECT,
      apiEndpoint: server.apiEndpoint,
      authClient: new PassThroughClient(),
    });
    const [dataset] = await client.createDataset('predictions_typed', { location: 'US' });
    await dataset.createTable('zl_predictions', {
      schema: {
        fields: ORIGINAL_FIELDS.map((f) => (f.name === 'created_at' ? { ...f, type: 'TIMESTAMP' } : f)),
      },
    });
    server.reset();
    const warehouse = await BigQueryWarehouse.open(
      localSettings(server, { datasets: { training: 'training', predictions: 'predictions_typed' } }),
      { logger: new FakeLogger(), clock: new SystemClock() },
    );
    const error: unknown = await warehouse.writePredictions(RUN, [ROW]).then(
      () => undefined,
      (e: unknown) => e,
    );
    await warehouse.close();
    expect(error).toMatchObject({
      code: 'WAREHOUSE_QUERY',
      message:
        'predictions_typed.zl_predictions.created_at is TIMESTAMP, the product writes STRING: the table is left as it is',
      hint: expect.stringMatching(/^point warehouse\.datasets\.predictions at a dataset of its own/),
    });
    expect(server.requests.filter((r) => /patch|delete/.test(r.api))).toEqual([]);
  });
});
