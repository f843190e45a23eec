import { beforeAll, describe, expect, it } from 'vitest';

import { forecastsOf, judgeSkill, skillTestFigures } from '../../../../src/domain/model/horizon-forecast.js';
import { SoyOilTableBuilder } from '../../../builders/soy-oil-table.builder.js';
import { runMlNight, soyOilWorld } from '../../../support/ml-night.js';
import { nightRecord } from '../../../support/night-records.js';

describe('judgeSkill', () => {
  it.each([
    { mape: 3, naiveMape: 4, stated: undefined, expected: 'skill' },
    { mape: 4, naiveMape: 4, stated: undefined, expected: 'no_skill' },
    { mape: 5, naiveMape: 4, stated: undefined, expected: 'no_skill' },
    { mape: null, naiveMape: 4, stated: undefined, expected: 'unknown' },
    { mape: 3, naiveMape: null, stated: undefined, expected: 'unknown' },
    { mape: 3, naiveMape: 4, stated: false, expected: 'no_skill' },
    { mape: 5, naiveMape: 4, stated: true, expected: 'skill' },
  ])(
    'MAPE $mape against naive $naiveMape (stated $stated) is $expected',
    ({ mape, naiveMape, stated, expected }) => {
      expect(judgeSkill({ mape, naiveMape, count: 6 }, stated)).toBe(expected);
    },
  );
});

describe('skillTestFigures', () => {
  const test = { forecasts: 24, independentForecasts: 8, errorRatio: 0.9, suspectedLeakage: false };
  it('shows the statistic to 2 decimals and the p-value to 3, a tiny one in scientific notation, n/a when missing', () => {
    expect(skillTestFigures({ ...test, statistic: 2.186, pValue: 0.0152 })).toEqual({
      statistic: '2.19',
      p: '0.015',
    });
    expect(skillTestFigures({ ...test, statistic: 4.5, pValue: 0.00042 })).toEqual({
      statistic: '4.50',
      p: '4.2e-4',
    });
    expect(skillTestFigures({ ...test, statistic: null, pValue: null })).toEqual({
      statistic: 'n/a',
      p: 'n/a',
    });
  });
});

describe('forecastsOf', () => {
  let soyOil: SoyOilTableBuilder;
  beforeAll(async () => {
    soyOil = (await SoyOilTableBuilder.load()).between('1990-01-01', '2021-01-01');
  });

  it('reads each horizon’s champion forecast and its errors from a real night’s record', async () => {
    const world = soyOilWorld(soyOil);
    const results = await runMlNight(world, { runId: '20210120_235900', horizons: ['1m', '3m'] });
    const run = nightRecord('20210120_235900', new Date('2021-01-20T23:59:00Z'), ['1m', '3m'], results);
    const forecasts = forecastsOf([run]);
    expect(forecasts.map((f) => f.horizon)).toEqual(['1m', '3m']);
    const oneMonth = forecasts[0];
    expect(oneMonth).toMatchObject({
      runId: '20210120_235900',
      asOfDate: '2021-01-01',
      targetDate: '2021-02-01',
    });
    // the current price is the real January 2021 soybean oil price of the table
    expect(oneMonth?.currentPrice).toBe(soyOil.build('1m').columns['zl_price']?.at(-1));
    expect(oneMonth?.predictedPrice).toBeCloseTo(
      (oneMonth?.currentPrice ?? 0) * (1 + (oneMonth?.predictedReturn ?? 0)),
      6,
    );
    expect(oneMonth?.walkForward?.count).toBe(6);
    expect(oneMonth?.skill).toBe(judgeSkill(oneMonth?.walkForward ?? null));
    // the test behind the verdict: 6 monthly forecasts one month ahead are 6 independent ones
    expect(oneMonth?.skillTest).toMatchObject({
      forecasts: 6,
      independentForecasts: 6,
      suspectedLeakage: false,
    });
    expect(typeof oneMonth?.skillTest?.pValue).toBe('number');
    // the published forecast's band, and no coverage yet: nothing has matured on a first night
    expect(oneMonth?.interval?.level).toBe(0.8);
    expect(oneMonth?.interval?.low).toBeLessThan(oneMonth?.predictedPrice ?? 0);
    expect(oneMonth?.interval?.high).toBeGreaterThan(oneMonth?.predictedPrice ?? 0);
    expect(oneMonth?.intervalCoverage).toBeNull();
    expect(forecasts[1]?.skillTest?.independentForecasts).toBeCloseTo(
      (forecasts[1]?.skillTest?.forecasts ?? 0) / 3,
      9,
    );
  });

  it('takes the newest forecast of each horizon from the newest run that made one', async () => {
    const world = soyOilWorld(soyOil);
    const older = nightRecord(
      '20210119_235900',
      new Date('2021-01-19T23:59:00Z'),
      ['1m', '3m'],
      await runMlNight(world, { runId: '20210119_235900', horizons: ['1m', '3m'] }),
    );
    const failed = nightRecord(
      '20210120_235900',
      new Date('2021-01-20T23:59:00Z'),
      ['1m'],
      new Map(),
      'failed',
    );
    const newer = nightRecord(
      '20210121_235900',
      new Date('2021-01-21T23:59:00Z'),
      ['1m'],
      await runMlNight(world, { runId: '20210121_235900', horizons: ['1m'] }),
    );
    const forecasts = forecastsOf([newer, failed, older]);
    expect(forecasts.map((f) => [f.horizon, f.runId])).toEqual([
      ['1m', '20210121_235900'],
      ['3m', '20210119_235900'],
    ]);
  });

  it('finds nothing in runs that made no forecast', () => {
    const failed = nightRecord(
      '20210120_235900',
      new Date('2021-01-20T23:59:00Z'),
      ['1m'],
      new Map(),
      'failed',
    );
    expect(forecastsOf([failed])).toEqual([]);
  });
});
