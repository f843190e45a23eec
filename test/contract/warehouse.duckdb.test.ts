import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuckDbWarehouse } from '../../src/adapters/duckdb/duckdb-warehouse.js';
import { ParquetDirTableSource } from '../../src/adapters/parquet/parquet-dir-table-source.js';
import { sourceConfigSchema } from '../../src/app/config/source-config.js';
import { WarehouseQueryError } from '../../src/domain/errors.js';
import { DEFAULT_ROLE_SETTINGS } from '../../src/domain/data/table-roles.js';
import { FakeLogger } from '../../src/testing/fake-logger.js';
import { CBI_DIR } from '../builders/cbi-table.builder.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { readFredDir } from '../builders/fred-dir.builder.js';
import { warehouseContract } from '../../src/testing/contracts/warehouse.contract.js';
import { CONTRACT_HORIZONS, cbiContractFacts } from '../support/bigquery/cbi-project.js';

const source = sourceConfigSchema.parse({});
const spec = { target: source.target, drivers: source.drivers };

async function openLoaded(): Promise<{ warehouse: DuckDbWarehouse; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cbi-duckdb-'));
  const warehouse = await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger());
  await warehouse.ingestSeries(await readFredDir(FRED_DIR, [spec.target, ...spec.drivers]), {
    now: new Date('2026-11-29T01:00:00Z'),
  });
  await warehouse.buildTrainingTables(spec);
  return { warehouse, dir };
}

// built once, then copied per test: each test gets its own file without paying for the build
let template: Promise<string> | undefined;
async function loadedCopy(): Promise<{ warehouse: DuckDbWarehouse; dir: string }> {
  template ??= openLoaded().then(({ warehouse, dir }) => {
    warehouse.close();
    return join(dir, 'cbi.duckdb');
  });
  const file = await template;
  const dir = await mkdtemp(join(tmpdir(), 'cbi-duckdb-'));
  await copyFile(file, join(dir, 'cbi.duckdb'));
  return { warehouse: await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger()), dir };
}

warehouseContract('duckdb', async () => {
  const { warehouse, dir } = await loadedCopy();
  return {
    warehouse,
    horizons: ['1m', '3m', '6m', '12m'],
    // PSOILUSDM.csv: 429 monthly observations, 1990-01-01 to 2025-09-01
    expected: { rows: 429, firstDate: '1990-01-01', lastDate: '2025-09-01' },
    dispose: async () => {
      warehouse.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

// the user's own tables as they are: CBI-V14's daily production tables, the same the BigQuery suite's
// project holds; loaded once, then copied per test like the built tables
const cbiFacts = await cbiContractFacts();
let cbiTemplate: Promise<string> | undefined;
warehouseContract('duckdb, CBI-V14 tables loaded as they are', async () => {
  cbiTemplate ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-duckdb-'));
    const loaded = await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger());
    const files = (await new ParquetDirTableSource({ dir: CBI_DIR }).list()).filter((f) =>
      CONTRACT_HORIZONS.includes(f.horizon),
    );
    await loaded.loadTrainingTables(files, { roles: DEFAULT_ROLE_SETTINGS });
    loaded.close();
    return join(dir, 'cbi.duckdb');
  })();
  const dir = await mkdtemp(join(tmpdir(), 'cbi-duckdb-'));
  await copyFile(await cbiTemplate, join(dir, 'cbi.duckdb'));
  const warehouse = await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger());
  return {
    warehouse,
    horizons: CONTRACT_HORIZONS,
    ...cbiFacts,
    dispose: async () => {
      warehouse.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

describe('DuckDbWarehouse (duckdb only)', () => {
  it('keeps its tables across a close and a reopen of the file', async () => {
    const { warehouse, dir } = await loadedCopy();
    warehouse.close();
    const reopened = await DuckDbWarehouse.open({ path: join(dir, 'cbi.duckdb') }, new FakeLogger());
    try {
      expect((await reopened.trainingTables()).map((t) => t.horizon)).toEqual(['1m', '3m', '6m', '12m']);
      expect((await reopened.ingestLog()).length).toBe(25);
    } finally {
      reopened.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    { name: 'garbage (a CSV)', content: 'DATE,DGS10\n2025-12-30,4.14\n' },
    { name: 'zero length', content: '' },
  ])(
    "sets a warehouse file of $name aside, keeping DuckDB's words, and opens a new one",
    async ({ content }) => {
      const dir = await mkdtemp(join(tmpdir(), 'cbi-duck-'));
      const path = join(dir, 'cbi.duckdb');
      await writeFile(path, content);
      const logger = new FakeLogger();
      const warehouse = await DuckDbWarehouse.open({ path }, logger);
      try {
        expect(await warehouse.trainingTables()).toEqual([]);
        const said = logger.entries.find(
          (e) => e.message === 'warehouse corrupt: set aside and rebuilt from the sources',
        );
        expect(said).toMatchObject({ level: 'error' });
        expect(String(said?.fields?.['duckdb'])).toMatch(/not a valid DuckDB database file/);
        const aside = (await readdir(dir)).filter((f) => f.startsWith('cbi.duckdb.corrupt-'));
        expect(aside).toHaveLength(1);
        expect(await readFile(join(dir, aside[0] ?? ''), 'utf8')).toBe(content);
      } finally {
        warehouse.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('refuses to build tables from a series it never ingested', async () => {
    const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
    try {
      await expect(warehouse.buildTrainingTables(spec)).rejects.toThrow(WarehouseQueryError);
      await expect(warehouse.buildTrainingTables(spec)).rejects.toThrow(/never ingested: PSOILUSDM/);
    } finally {
      warehouse.close();
    }
  });

  it('ingests all series or none: a failure on the last one leaves the earlier ones out too', async () => {
    const warehouse = await DuckDbWarehouse.open({ path: ':memory:' }, new FakeLogger());
    try {
      const [oil, beans] = await readFredDir(FRED_DIR, ['PSOILUSDM', 'PSOYBUSDM']);
      if (oil === undefined || beans === undefined) throw new Error('series missing');
      // a series that skipped the parser's checks: its first date twice breaks the table's key
      const broken = {
        ...beans,
        fileHash: 'not-the-file',
        dates: [beans.dates[0] ?? '', ...beans.dates],
        values: [beans.values[0] ?? null, ...beans.values],
      };
      await expect(
        warehouse.ingestSeries([oil, broken], { now: new Date('2026-11-29T01:00:00Z') }),
      ).rejects.toBeInstanceOf(WarehouseQueryError);
      expect(await warehouse.ingestLog()).toEqual([]);
      await warehouse.ingestSeries([oil, beans], { now: new Date('2026-11-29T01:00:00Z') });
      expect((await warehouse.ingestLog()).map((r) => [r.seriesId, r.rows])).toEqual([
        ['PSOILUSDM', 429],
        ['PSOYBUSDM', 429],
      ]);
    } finally {
      warehouse.close();
    }
  });
});
