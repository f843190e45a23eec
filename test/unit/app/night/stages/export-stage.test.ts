import { describe, expect, it } from 'vitest';
import { createExportStage } from '../../../../../src/app/night/stages/export-stage.js';
import { SourceUnavailableError, WarehouseUnavailableError } from '../../../../../src/domain/errors.js';
import { DuckDbWarehouse } from '../../../../../src/adapters/duckdb/duckdb-warehouse.js';
import { FakeSeriesSource } from '../../../../../src/testing/fake-series-source.js';
import { FakeLogger } from '../../../../../src/testing/fake-logger.js';
import { FRED_DIR } from '../../../../builders/fred-data.js';
import { readFredDir } from '../../../../builders/fred-dir.builder.js';
import { exportKey, exportManifestKey } from '../../../../../src/domain/layout.js';
import { FakeArtifactStore } from '../../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../../src/testing/fake-clock.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { CbiTableBuilder } from '../../../../builders/cbi-table.builder.js';

const HORIZONS = ['1w', '1m', '3m', '6m', '12m'] as const;

async function setup(): Promise<{
  warehouse: FakeWarehouse;
  artifacts: FakeArtifactStore;
  clock: FakeClock;
}> {
  const builder = await SoyOilTableBuilder.load();
  const warehouse = new FakeWarehouse((['1m', '3m', '6m', '12m'] as const).map((h) => builder.build(h)));
  return { warehouse, artifacts: new FakeArtifactStore(), clock: new FakeClock('2026-11-29T23:30:00Z') };
}

describe('createExportStage', () => {
  it('exports each supported horizon with a manifest and reports 1w as skipped at monthly resolution', async () => {
    const deps = await setup();
    const result = await createExportStage(deps)(
      stageContext({ runId: 'r1', kind: 'export', horizons: HORIZONS }),
    );
    expect(result.details?.['skipped']).toEqual([
      { horizon: '1w', reason: 'not supported at monthly resolution' },
    ]);
    expect(result.details?.['supported_horizons']).toEqual(['1m', '3m', '6m', '12m']);
    for (const h of ['1m', '3m', '6m', '12m'] as const) {
      expect(deps.artifacts.files.has(exportKey(h))).toBe(true);
      expect(new TextDecoder().decode(deps.artifacts.files.get(exportManifestKey(h)))).toContain(
        '"content_hash"',
      );
    }
    expect(deps.artifacts.files.has(exportKey('1w'))).toBe(false);
  });

  it('reports the columns that appeared or disappeared since the last export, and goes on', async () => {
    const deps = await setup();
    const stage = createExportStage(deps);
    await stage(stageContext({ runId: 'r1', kind: 'export', horizons: ['1m'] }));
    const table = (await SoyOilTableBuilder.load()).build('1m');
    const { spread_zl_palm: palm, ...columns } = table.columns;
    deps.warehouse.setTrainingTable({ ...table, columns: { ...columns, palm_spread: palm ?? [] } });
    const result = await stage(stageContext({ runId: 'r2', kind: 'export', horizons: ['1m'] }));
    expect(result.status).toBe('succeeded');
    expect(result.details?.['exports']).toMatchObject({
      '1m': { schema_changes: { added: ['palm_spread'], removed: ['spread_zl_palm'], retyped: [] } },
    });
  });

  it("skips, with its reason, a horizon whose table the user's folder lacks", async () => {
    const table = await CbiTableBuilder.of('1m').between('2024-01-01', '2025-06-30').fakeTable(21);
    const deps = { ...(await setup()), warehouse: new FakeWarehouse([table]) };
    const result = await createExportStage(deps)(
      stageContext({ runId: 'r1', kind: 'export', horizons: ['1w', '1m'] }),
    );
    expect(result.details).toMatchObject({
      frequency: 'daily',
      supported_horizons: ['1m'],
      skipped: [{ horizon: '1w', reason: 'the warehouse holds no training table for it' }],
    });
  });

  it('leaves earlier exports untouched when one horizon fails', async () => {
    const deps = await setup();
    const lastNight = new TextEncoder().encode('last night 3m export');
    deps.artifacts.files.set(exportKey('3m'), lastNight);
    deps.artifacts.failNextWrite.add(exportKey('3m'));
    const stage = createExportStage(deps);
    await expect(stage(stageContext({ runId: 'r2', kind: 'export', horizons: HORIZONS }))).rejects.toThrow(
      /cannot write .*_3m\.parquet/,
    );
    expect(deps.artifacts.files.has(exportKey('1m'))).toBe(true); // tonight's, kept
    expect(new TextDecoder().decode(deps.artifacts.files.get(exportManifestKey('1m')))).toContain(
      '"run_id": "r2"',
    );
    expect(deps.artifacts.files.get(exportKey('3m'))).toEqual(lastNight); // last night's, untouched
    expect(deps.artifacts.files.has(exportManifestKey('3m'))).toBe(false);
    expect(deps.artifacts.files.has(exportKey('6m'))).toBe(false);
  });

  it('passes a transient warehouse failure on for the runner to retry', async () => {
    const deps = await setup();
    deps.warehouse.failNext(1);
    const failure = createExportStage(deps)(
      stageContext({ runId: 'r3', kind: 'export', horizons: HORIZONS }),
    );
    await expect(failure).rejects.toBeInstanceOf(WarehouseUnavailableError);
    await expect(failure).rejects.toMatchObject({ transient: true });
  });

  it('ingests nothing when a series cannot be fetched (offline), and the failure is transient', async () => {
    const ids = ['PSOILUSDM', 'PSOYBUSDM', 'DGS10'];
    const source = new FakeSeriesSource(await readFredDir(FRED_DIR, ids));
    const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
    try {
      source.failNext(1);
      const stage = createExportStage({
        warehouse,
        artifacts: new FakeArtifactStore(),
        clock: new FakeClock('2026-11-29T23:30:00Z'),
        refresh: {
          source,
          loader: warehouse,
          spec: { target: 'PSOILUSDM', drivers: ['PSOYBUSDM', 'DGS10'] },
        },
      });
      const failure = stage(stageContext({ runId: 'r4', kind: 'export', horizons: HORIZONS }));
      await expect(failure).rejects.toBeInstanceOf(SourceUnavailableError);
      await expect(failure).rejects.toMatchObject({ transient: true });
      expect(await warehouse.ingestLog()).toEqual([]);
      const retried = await stage(stageContext({ runId: 'r4', kind: 'export', horizons: HORIZONS }));
      expect(retried.details?.['supported_horizons']).toEqual(['1m', '3m', '6m', '12m']);
      expect((await warehouse.ingestLog()).map((r) => r.seriesId)).toEqual([
        'DGS10',
        'PSOILUSDM',
        'PSOYBUSDM',
      ]);
    } finally {
      warehouse.close();
    }
  });
});
