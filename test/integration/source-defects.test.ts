import { createHash } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { FsArtifactStore } from '../../src/adapters/fs/fs-artifact-store.js';
import { sourceConfigSchema } from '../../src/app/config/source-config.js';
import { createExportStage } from '../../src/app/night/stages/export-stage.js';
import { QUALITY_REPORT_KEY } from '../../src/app/night/stages/quality-verdict.js';
import { createQualityStage } from '../../src/app/night/stages/quality-stage.js';
import { DataQualityError, SourceInvalidError } from '../../src/domain/errors.js';
import { exportKey } from '../../src/domain/layout.js';
import { DEFAULT_QUALITY_SETTINGS } from '../../src/domain/data/quality-settings.js';
import type { StageBody } from '../../src/app/night/stage.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { FredDirBuilder, dirSource } from '../builders/fred-dir.builder.js';
import { stageContext } from '../builders/stage-context.builder.js';
import { tableSettings } from '../support/table-settings.js';
import { tempHome } from '../support/temp-home.js';

const HORIZONS = ['1w', '1m', '3m', '6m', '12m'] as const;
const MONTHLY = ['1m', '3m', '6m', '12m'] as const;
const config = sourceConfigSchema.parse({});
const spec = { target: config.target, drivers: config.drivers };

interface Night {
  readonly fred: FredDirBuilder;
  readonly warehouse: DuckDbWarehouse;
  readonly artifacts: FsArtifactStore;
  /** The export stage as wired: the refresh must pass the quality gate before it is committed. */
  readonly exportStage: StageBody;
  /** The export stage without the gate: bad data gets in and the quality stage stops the run. */
  readonly ungatedExportStage: StageBody;
  readonly qualityStage: StageBody;
  dispose(): Promise<void>;
}

/** The first night, built once: a home with the warehouse and exports made from the clean files. */
let firstNight: Promise<string> | undefined;

async function buildFirstNight(): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'cbi-first-night-'));
  const warehouse = await DuckDbWarehouse.open(
    { path: join(home, 'Warehouse', 'cbi.duckdb') },
    new FakeLogger(),
  );
  try {
    const artifacts = new FsArtifactStore({ home });
    const clock = new FakeClock('2026-11-29T23:30:00Z');
    const exportStage = createExportStage({
      warehouse,
      artifacts,
      clock,
      refresh: { source: dirSource(FRED_DIR), loader: warehouse, spec },
    });
    await exportStage(stageContext({ runId: 'night1', kind: 'export', horizons: HORIZONS }));
  } finally {
    warehouse.close();
  }
  return home;
}

/** A copy of the first night's home and of the real files, for one test to damage. */
async function cleanNight(): Promise<Night> {
  firstNight ??= buildFirstNight();
  const fred = await FredDirBuilder.copy();
  const home = await tempHome();
  await cp(await firstNight, home.home, { recursive: true });
  const clock = new FakeClock('2026-11-30T23:30:00Z');
  const warehouse = await DuckDbWarehouse.open(
    { path: join(home.home, 'Warehouse', 'cbi.duckdb') },
    new FakeLogger(),
  );
  const artifacts = new FsArtifactStore({ home: home.home });
  const source = dirSource(fred.dir);
  const exportStage = createExportStage({
    warehouse,
    artifacts,
    clock,
    refresh: { source, loader: warehouse, spec, quality: DEFAULT_QUALITY_SETTINGS },
  });
  const ungatedExportStage = createExportStage({
    warehouse,
    artifacts,
    clock,
    refresh: { source, loader: warehouse, spec },
  });
  const qualityStage = createQualityStage({ warehouse, artifacts, clock, settings: tableSettings() });
  return {
    fred,
    warehouse,
    artifacts,
    exportStage,
    ungatedExportStage,
    qualityStage,
    dispose: async () => {
      warehouse.close();
      await fred.dispose();
      await home.dispose();
    },
  };
}

/** What must not change when a night's source is rejected: the ingest log, the tables, the exports. */
async function snapshot(night: Night): Promise<unknown> {
  const table = await night.warehouse.readTrainingTable('12m');
  const exports = await Promise.all(
    MONTHLY.map(async (h) => {
      const content = await night.artifacts.read(exportKey(h));
      return createHash('sha256')
        .update(content ?? new Uint8Array())
        .digest('hex');
    }),
  );
  return {
    log: await night.warehouse.ingestLog(),
    rows: table.numRows,
    lastPrice: table.getChild('zl_price')?.get(table.numRows - 1),
    exports,
  };
}

describe('the export stage fed real files with one defect each', () => {
  let night: Night;
  beforeEach(async () => {
    night = await cleanNight();
  }, 60_000);
  afterEach(async () => {
    await night.dispose();
  });
  afterAll(async () => {
    if (firstNight) await rm(await firstNight, { recursive: true, force: true });
  });

  it.each([
    {
      defect: 'a truncated file',
      damage: (f: FredDirBuilder) => f.truncatedAt('PSOYBUSDM', 200),
      error: /PSOYBUSDM\.csv line 200 ends in the middle of a line/,
    },
    {
      defect: 'an HTML page instead of CSV',
      damage: (f: FredDirBuilder) => f.htmlInsteadOf('DGS10'),
      error: /DGS10\.csv line 1 is an HTML\/XML page/,
    },
    {
      defect: 'a duplicated date',
      damage: (f: FredDirBuilder) => f.duplicatedLine('PPOILUSDM', 100),
      error: /PPOILUSDM\.csv line 101 repeats the date 1998-03-01/,
    },
    {
      defect: 'a non-numeric value',
      damage: (f: FredDirBuilder) => f.valueAt('DCOILWTICO', 5000, 'n/a'),
      error: /DCOILWTICO\.csv line 5000 has a non-numeric value "n\/a"/,
    },
  ])(
    'rejects $defect naming the file and line, and leaves the warehouse and exports unchanged',
    async ({ damage, error }) => {
      const before = await snapshot(night);
      await damage(night.fred);
      const failure = night.exportStage(
        stageContext({ runId: 'night2', kind: 'export', horizons: HORIZONS }),
      );
      await expect(failure).rejects.toBeInstanceOf(SourceInvalidError);
      await expect(failure).rejects.toThrow(error);
      await expect(failure).rejects.toMatchObject({ transient: false });
      expect(await snapshot(night)).toEqual(before);
    },
  );

  it.each([
    {
      defect: "the target copied into a feature (palm oil replaced by next month's soybean oil)",
      damage: (f: FredDirBuilder) => f.futureCopy('PSOILUSDM', 'PPOILUSDM', 1),
      error:
        /quality rule leakage failed on training\.zl_training_prod_allhistory_1m: leakage: ppoilusdm_level equals target_1m on 428 of 428 rows \(100\.0%, limit 98\.0%\)/,
    },
    {
      defect: 'a value of 1e308 in the target series (soybean oil, 2015-06)',
      damage: (f: FredDirBuilder) => f.valueOn('PSOILUSDM', '2015-06-01', '1e308'),
      error:
        /quality rule levels failed on training\.zl_training_prod_allhistory_1m: levels: zl_price lies outside the range [0-9.]+ \.\. [0-9.]+ learned from its history .* on 1 rows, e\.g\. 1\.00e\+308 on 2015-06-01/,
    },
    {
      defect: 'a 1000x jump in the target series (soybean oil, 2015-06, times 1000)',
      damage: (f: FredDirBuilder) => f.scaledOn('PSOILUSDM', '2015-06-01', 1000),
      error:
        /quality rule levels failed on training\.zl_training_prod_allhistory_1m: levels: zl_price lies outside the range [0-9.]+ \.\. [0-9.]+ learned from its history .* on 1 rows, e\.g\. 738000 on 2015-06-01/,
    },
  ])(
    'stops the run at the quality gate on $defect, naming the rule, the column and the numbers, with the warehouse unchanged',
    async ({ damage, error }) => {
      const before = await snapshot(night);
      await damage(night.fred);
      const failure = night.exportStage(
        stageContext({ runId: 'night2', kind: 'export', horizons: HORIZONS }),
      );
      await expect(failure).rejects.toBeInstanceOf(DataQualityError);
      await expect(failure).rejects.toThrow(error);
      await expect(failure).rejects.toThrow(/the warehouse keeps its previous data/);
      await expect(failure).rejects.toMatchObject({
        hint: expect.stringMatching(/^set quality\.severity\.\w+ to "(trim|warning)"/),
      });
      for (const h of MONTHLY) expect(await night.warehouse.readPredictions(h)).toEqual([]);
      await expect(failure).rejects.toMatchObject({ transient: false });
      expect(await snapshot(night)).toEqual(before);
      const report = new TextDecoder().decode(await night.artifacts.read(QUALITY_REPORT_KEY));
      expect(report).toContain('"passed": false');
      expect(report).toContain('"run_id": "night2"');
      // without the gate the bad data gets in, and the quality stage stops the run instead
      await night.ungatedExportStage(stageContext({ runId: 'night3', kind: 'export', horizons: HORIZONS }));
      const stopped = night.qualityStage(
        stageContext({ runId: 'night3', kind: 'quality', horizons: HORIZONS }),
      );
      await expect(stopped).rejects.toBeInstanceOf(DataQualityError);
      await expect(stopped).rejects.toThrow(error);
      for (const h of MONTHLY) expect(await night.warehouse.readPredictions(h)).toEqual([]);
    },
  );

  it('leaves a driver that stopped two years early out of the features, naming it, and the night goes on', async () => {
    await night.fred.stoppingBefore('PSOYBUSDM', '2023-10-01');
    await night.exportStage(stageContext({ runId: 'night2', kind: 'export', horizons: HORIZONS }));
    const result = await night.qualityStage(
      stageContext({ runId: 'night2', kind: 'quality', horizons: HORIZONS }),
    );
    expect(result.status).toBe('succeeded');
    const report = reportSchema.parse(
      JSON.parse(new TextDecoder().decode(await night.artifacts.read(QUALITY_REPORT_KEY))),
    );
    for (const table of report.reports) {
      expect(table.verdict).toBe('trimmed');
      expect(table.droppedFeatures).toEqual(expect.arrayContaining(['psoybusdm_level', 'psoybusdm_chg_1']));
      const stale = table.findings.find((f) => f.rule === 'stale_features');
      expect(stale?.severity).toBe('trim');
      expect(stale?.message).toMatch(
        /psoybusdm_level stops at 2023-09-01, 24 months before the table's last date 2025-09-01 \(limit 3\)/,
      );
    }
  });
});

const reportSchema = z.object({
  reports: z.array(
    z.object({
      verdict: z.string(),
      droppedFeatures: z.array(z.string()),
      findings: z.array(z.object({ rule: z.string(), severity: z.string(), message: z.string() })),
    }),
  ),
});
