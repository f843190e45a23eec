import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/app/config/load-config.js';
import { createContainer } from '../../src/app/composition/container.js';
import { createExportStage } from '../../src/app/night/stages/export-stage.js';
import { QUALITY_REPORT_KEY } from '../../src/app/night/stages/quality-verdict.js';
import { createQualityStage } from '../../src/app/night/stages/quality-stage.js';
import { exportKey, exportManifestKey } from '../../src/domain/layout.js';
import { ARTIFACT_STORE } from '../../src/ports/artifact-store.port.js';
import { SERIES_SOURCE } from '../../src/ports/series-source.port.js';
import { WAREHOUSE_LOADER } from '../../src/ports/warehouse-loader.port.js';
import { WAREHOUSE } from '../../src/ports/warehouse.port.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR, fredFacts } from '../builders/fred-data.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { tableSettings } from '../support/table-settings.js';
import { tempHome } from '../support/temp-home.js';
import type { ExportDetails } from '../../src/domain/night/stage-details.js';

const HORIZONS = ['1w', '1m', '3m', '6m', '12m'] as const;
const MONTHLY = ['1m', '3m', '6m', '12m'] as const;

const manifestSchema = z.object({
  rows: z.number(),
  first_date: z.string(),
  last_date: z.string(),
  content_hash: z.string(),
  query: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  supported_horizons: z.array(z.string()),
  unsupported_horizons: z.array(z.object({ horizon: z.string(), reason: z.string() })),
});

describe('the embedded warehouse on the real FRED series (CBI_SOURCE_DIR)', () => {
  let home: { home: string; dispose(): Promise<void> };
  let container: Awaited<ReturnType<typeof createContainer>>;
  const clock = new FakeClock('2026-11-29T23:30:00Z');
  let exportDetails: ExportDetails | undefined;

  beforeAll(async () => {
    home = await tempHome();
    const config = await loadConfig({ home: home.home, env: { CBI_SOURCE_DIR: FRED_DIR } });
    container = await createContainer(config, { logger: new FakeLogger(), clock });
    const deps = {
      warehouse: await container.getAsync(WAREHOUSE),
      artifacts: await container.getAsync(ARTIFACT_STORE),
      clock,
    };
    const exportStage = createExportStage({
      ...deps,
      refresh: {
        source: await container.getAsync(SERIES_SOURCE),
        loader: await container.getAsync(WAREHOUSE_LOADER),
        spec: { target: config.source.target, drivers: config.source.drivers },
      },
    });
    const result = await exportStage(
      stageContext({ runId: '20261129_233000', kind: 'export', horizons: HORIZONS }),
    );
    exportDetails = result.details;
  }, 120_000);

  afterAll(async () => {
    await container.unbindAll();
    await home.dispose();
  });

  it('ingests all 25 series with a record matching each source file', async () => {
    const log = await (await container.getAsync(WAREHOUSE_LOADER)).ingestLog();
    expect(log).toHaveLength(25);
    const manifest = z
      .array(z.object({ series_id: z.string(), sha256: z.string() }))
      .parse(JSON.parse(await readFile(join(FRED_DIR, 'MANIFEST.json'), 'utf8')));
    for (const record of log) {
      const facts = await fredFacts(record.seriesId);
      expect({
        rows: record.rows,
        first: record.firstDate,
        last: record.lastDate,
        hash: record.fileHash,
      }).toEqual({ rows: facts.rows, first: facts.firstDate, last: facts.lastDate, hash: facts.sha256 });
      expect(record.fileHash).toBe(manifest.find((m) => m.series_id === record.seriesId)?.sha256);
    }
  });

  it('exports the four monthly tables and reports 1w as not supported at monthly resolution', () => {
    expect(exportDetails?.supported_horizons).toEqual(MONTHLY);
    expect(exportDetails?.skipped).toEqual([
      { horizon: '1w', reason: 'not supported at monthly resolution' },
    ]);
  });

  it.each(MONTHLY)(
    'writes the %s export whose manifest matches the target file and the Parquet content',
    async (horizon) => {
      const artifacts = await container.getAsync(ARTIFACT_STORE);
      const manifest = manifestSchema.parse(
        JSON.parse(new TextDecoder().decode(await artifacts.read(exportManifestKey(horizon)))),
      );
      const target = await fredFacts('PSOILUSDM');
      expect({ rows: manifest.rows, first: manifest.first_date, last: manifest.last_date }).toEqual({
        rows: target.rows,
        first: target.firstDate,
        last: target.lastDate,
      });
      expect(manifest.unsupported_horizons).toEqual([
        { horizon: '1w', reason: 'not supported at monthly resolution' },
      ]);
      const parquet = await artifacts.localPath(exportKey(horizon));
      expect(parquet).toBeDefined();
      const bytes = await readFile(parquet ?? '');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.content_hash);
      // an independent reader of the file: a fresh in-memory DuckDB
      const reader = await (await DuckDBInstance.create(':memory:')).connect();
      const facts = (
        await reader.runAndReadAll(
          `SELECT count(*)::INTEGER AS n, min(date)::VARCHAR AS f, max(date)::VARCHAR AS l, count(target_${horizon})::INTEGER AS known FROM read_parquet('${parquet ?? ''}')`,
        )
      ).getRowObjectsJS()[0];
      expect(facts).toEqual({
        n: target.rows,
        f: target.firstDate,
        l: target.lastDate,
        known: target.rows - Number(horizon.replace('m', '')),
      });
      expect(manifest.columns.length).toBeGreaterThanOrEqual(40 + 3);
      expect(manifest.columns.length).toBeLessThanOrEqual(80 + 3);
      reader.closeSync();
    },
  );

  it('passes the quality gate with the default rules and writes the report next to the exports', async () => {
    const artifacts = await container.getAsync(ARTIFACT_STORE);
    const quality = createQualityStage({
      warehouse: await container.getAsync(WAREHOUSE),
      artifacts,
      clock,
      settings: tableSettings(),
    });
    const result = await quality(
      stageContext({ runId: '20261129_233000', kind: 'quality', horizons: HORIZONS }),
    );
    expect(result.status).toBe('succeeded');
    expect(result.details?.['passed']).toBe(true);
    expect(await artifacts.exists(QUALITY_REPORT_KEY)).toBe(true);
    const tables = z
      .record(
        z.string(),
        z.object({
          verdict: z.string(),
          findings: z.array(z.object({ severity: z.string(), rule: z.string() })),
        }),
      )
      .parse(result.details?.['tables']);
    for (const table of Object.values(tables)) {
      expect(table.verdict).toBe('passed');
      expect(table.findings.every((f) => f.severity === 'warning')).toBe(true);
    }
  });

  it('changes nothing when the same files are ingested again', async () => {
    const loader = await container.getAsync(WAREHOUSE_LOADER);
    const before = await loader.ingestLog();
    const source = await container.getAsync(SERIES_SOURCE);
    const series = await Promise.all(before.map((r) => source.fetch(r.seriesId)));
    const outcomes = await loader.ingestSeries(series, { now: new Date('2026-11-30T23:30:00Z') });
    expect(outcomes.filter((o) => o.changed)).toEqual([]);
    expect(await loader.ingestLog()).toEqual(before);
  });
});
