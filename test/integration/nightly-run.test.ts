import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LAYOUT, championKey, exportKey } from '../../src/domain/layout.js';
import { stageDetails, type RunRecord } from '../../src/domain/night/run.js';
import { isBlockedTraining } from '../../src/domain/night/stage-details.js';
import { FRED_DIR } from '../builders/fred-data.js';
import { runCbi, type CbiResult } from '../support/run-cbi.js';
import { tempHome } from '../support/temp-home.js';

const TRAINED = ['1m', '3m', '6m', '12m'] as const;

async function query(home: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(home, 'Warehouse/cbi.duckdb'), {
    access_mode: 'READ_ONLY',
  });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The whole night on the embedded default: real FRED series, DuckDB, native LightGBM and XGBoost. */
describe('cbi run on the embedded default (real data, real boosters)', () => {
  let home: string;
  let dispose: () => Promise<void>;
  let first: CbiResult;
  let firstRun: RunRecord;
  const env = { CBI_SOURCE_DIR: FRED_DIR };

  beforeAll(async () => {
    ({ home, dispose } = await tempHome());
    first = await runCbi(['run', '--home', home, '--json'], env);
    firstRun = JSON.parse(first.stdout) as RunRecord;
  }, 900_000);
  afterAll(() => dispose());

  it('exits with success, every supported horizon trained and 1w skipped with its reason', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(firstRun.state).toBe('success');
    expect(firstRun.stages.map((s) => [s.name, s.status])).toEqual([
      ['export', 'succeeded'],
      ['quality', 'succeeded'],
      ['train_1w', 'skipped'],
      ['train_1m', 'succeeded'],
      ['train_3m', 'succeeded'],
      ['train_6m', 'succeeded'],
      ['train_12m', 'succeeded'],
      ['predict', 'succeeded'],
      ['upload', 'succeeded'],
      ['evaluate', 'succeeded'],
    ]);
    expect(firstRun.stages.find((s) => s.name === 'train_1w')?.reason).toBe(
      'not supported at monthly resolution',
    );
  });

  it('exports each horizon with a manifest, trains both libraries per horizon, and promotes only a model with skill', async () => {
    const { readdir } = await import('node:fs/promises');
    for (const h of TRAINED) {
      const manifest = JSON.parse(await readFile(join(home, `${exportKey(h)}.manifest.json`), 'utf8')) as {
        rows: number;
      };
      expect(manifest.rows).toBeGreaterThan(300);
      const folder = await readdir(join(home, LAYOUT.models, `horizon_${h}`, 'prod'));
      expect(folder).toEqual(expect.arrayContaining(['lightgbm', 'xgboost']));
      const train = stageDetails(firstRun, 'train', h);
      if (train === undefined || isBlockedTraining(train)) throw new Error(`${h} did not train`);
      const models = train.models.map((m) => ({
        model: m.model,
        has_skill: 'has_skill' in m && m.has_skill,
      }));
      // a champion exists exactly when some library beat the naive forecast
      expect(folder.includes('champion.json')).toBe(models.some((m) => m.has_skill));
      if (folder.includes('champion.json')) {
        const champion = z
          .object({ library: z.string(), version: z.string() })
          .parse(JSON.parse(await readFile(join(home, championKey(h)), 'utf8')));
        expect(models.find((m) => m.model === champion.library)?.has_skill).toBe(true);
      }
    }
  });

  it('uploads predictions, metrics and the latest views: a champion with skill, or the naive forecast flagged as such', async () => {
    for (const h of TRAINED) {
      const latest = await query(home, `SELECT * FROM predictions.vw_zl_${h}_latest`);
      expect(latest.length).toBeGreaterThan(0);
      for (const row of latest) {
        expect(row).toMatchObject({ is_champion: true, horizon: h });
        expect(row['has_skill']).toBe(row['model_name'] !== 'naive');
      }
    }
    const predictions = await query(
      home,
      `SELECT horizon, list(DISTINCT model_name ORDER BY model_name) AS models FROM predictions.zl_predictions GROUP BY horizon ORDER BY horizon`,
    );
    for (const row of predictions) {
      const models = z.array(z.string()).parse(row['models']);
      expect(models).toEqual(expect.arrayContaining(['lightgbm', 'xgboost']));
    }
    const metrics = await query(home, `SELECT DISTINCT metric FROM predictions.evaluation_metrics`);
    expect(metrics.map((r) => r['metric'])).toEqual(
      expect.arrayContaining([
        'matured_count',
        'backtest_sharpe',
        'backtest_hit_rate',
        'backtest_max_drawdown',
        'has_skill',
        'published',
      ]),
    );
  });

  it('shows the run in cbi status', async () => {
    const status = await runCbi(['status', '--home', home]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`run ${firstRun.run_id}: success`);
    for (const stage of ['export', 'quality', 'train_12m', 'predict', 'upload', 'evaluate'])
      expect(status.stdout).toMatch(new RegExp(`^${stage}\\s+ok`, 'm'));
  });

  it('does not duplicate a prediction row when run again on the same data', async () => {
    const countKeys = `SELECT count(*) AS n, count(DISTINCT (as_of_date, horizon, model_name, model_version, surface)) AS distinct_keys FROM predictions.zl_predictions`;
    const before = (await query(home, countKeys))[0];
    const second = await runCbi(['run', '--home', home, '--json'], env);
    expect(second.code).toBe(0);
    const after = (await query(home, countKeys))[0];
    expect(Number(after?.['n'])).toBe(Number(after?.['distinct_keys']));
    expect(Number(after?.['n'])).toBe(Number(before?.['n']));
  }, 900_000);
});
