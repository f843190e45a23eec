import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSchemaError, parseRunRecord } from '../../../src/adapters/fs/run-record-schema.js';
import { stageDetails } from '../../../src/domain/night/run.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/run-records');

async function fixture(
  name: string,
): Promise<Record<string, unknown> & { stages: Record<string, unknown>[] }> {
  return JSON.parse(await readFile(join(FIXTURES, name), 'utf8')) as Record<string, unknown> & {
    stages: Record<string, unknown>[];
  };
}

describe('the run record read from disk', () => {
  it("reads a record written before stages named their kind: the kind from the name, each stage's details typed", async () => {
    const run = parseRunRecord(await fixture('fred-1m-night-schema-2.json'));
    expect(run.stages.map((s) => [s.name, s.kind])).toEqual([
      ['export', 'export'],
      ['quality', 'quality'],
      ['train_1m', 'train'],
      ['predict', 'predict'],
      ['upload', 'upload'],
      ['evaluate', 'evaluate'],
    ]);
    expect(run.stages.every((s) => s.details !== null)).toBe(true);
    expect(stageDetails(run, 'export')?.exports['1m']?.rows).toBe(429);
    expect(stageDetails(run, 'quality')?.tables['1m']?.findings[0]?.rule).toBe('freshness');
    expect(stageDetails(run, 'train', '1m')).toMatchObject({
      promoted: true,
      models: [{ model: 'lightgbm' }, { model: 'xgboost', status: 'failed' }],
    });
    expect(stageDetails(run, 'upload')?.champion_rows).toBe(1);
    expect(stageDetails(run, 'evaluate')?.horizons['1m']?.walk_forward['naive']?.mape).toBeCloseTo(5.1527, 4);
  });

  it('upgrades the keys renamed since (published.modelName is published.model now), keeping everything else', async () => {
    const run = parseRunRecord(await fixture('fred-1m-night-schema-2.json'));
    const forecast = stageDetails(run, 'predict')?.horizons['1m'];
    expect(forecast).toMatchObject({
      published: { kind: 'champion', model: 'lightgbm', version: '20261207_045200', has_skill: true },
      band: { low: expect.any(Number), high: expect.any(Number) },
      trained_tonight: false,
    });
    expect(forecast && 'published' in forecast && forecast.published).not.toHaveProperty('modelName');
  });

  it("sets aside details that are not what their stage's kind reports, and keeps the stage", async () => {
    const file = await fixture('fred-1m-night-schema-2.json');
    const predict = file.stages.find((s) => s['name'] === 'predict');
    if (predict === undefined) throw new Error('the fixture has no predict stage');
    predict['details'] = { horizons: 'edited by hand' };
    const run = parseRunRecord(file);
    const stage = run.stages.find((s) => s.name === 'predict');
    expect(stage).toMatchObject({ status: 'succeeded', success: true, details: null });
    expect(stageDetails(run, 'evaluate')).toBeDefined();
  });

  it('refuses a stage no plan has, as a corrupt record', async () => {
    const file = await fixture('fred-1m-night-schema-2.json');
    file.stages.push({ ...file.stages[0], name: 'backfill' });
    expect(() => parseRunRecord(file)).toThrow(/no stage is named backfill/);
    try {
      parseRunRecord(file);
    } catch (error) {
      expect(isSchemaError(error)).toBe(true);
    }
  });
});
