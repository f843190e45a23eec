import { beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../../src/domain/report/build-report.js';
import type { RunRecord } from '../../../../src/domain/night/run.js';
import { DEFAULT_DELIVERY_POLICY, judgeDelivery } from '../../../../src/domain/night/night-delivery.js';
import type { ReportFacts } from '../../../../src/domain/report/report-model.js';
import { SoyOilTableBuilder } from '../../../builders/soy-oil-table.builder.js';
import { runMlNight, soyOilWorld } from '../../../support/ml-night.js';
import { nightRecord } from '../../../support/night-records.js';

const DAY = 86_400_000;

describe('buildReport', () => {
  // Three real nights (ML stages on the real series as it stood): Dec 2020 data twice, then Jan 2021.
  let runs: RunRecord[];
  let all: SoyOilTableBuilder;
  beforeAll(async () => {
    all = await SoyOilTableBuilder.load();
    const nights: [string, string][] = [
      ['2021-01-05T05:59:00Z', '2020-12-01'],
      ['2021-01-06T05:59:00Z', '2020-12-01'],
      ['2021-02-05T05:59:00Z', '2021-01-01'],
    ];
    runs = [];
    const world = soyOilWorld(all.between('1990-01-01', '2020-12-01'), '2021-01-01T00:00:00Z');
    for (const [start, newest] of nights) {
      const cut = all.between('1990-01-01', newest);
      world.warehouse.setTrainingTable(cut.build('1m'));
      world.warehouse.setTrainingTable(cut.build('3m'));
      world.clock.set(start);
      const runId = start.slice(0, 10).replace(/-/g, '') + '_055900';
      const results = await runMlNight(world, { runId, horizons: ['1m', '3m'] });
      runs.unshift(nightRecord(runId, new Date(start), ['1m', '3m'], results));
    }
  });

  const report = (now: string, extra: RunRecord[] = [], more: Partial<ReportFacts> = {}) =>
    buildReport({
      now: new Date(now),
      runs: [...extra, ...runs],
      champions: [],
      watchdog: [],
      incidentSince: null,
      prices: [],
      priceUnit: null,
      ...more,
    });

  it('charts each forecast horizon, then the nights', () => {
    expect(report('2021-02-06T00:00:00Z').charts.map((c) => c.id)).toEqual([
      'forecast-1m',
      'walk-forward-1m',
      'forecast-3m',
      'walk-forward-3m',
      'run-strip',
      'stage-durations',
      'watchdog',
      'freshness',
      'quality',
    ]);
  });

  it('keeps one forecast per as-of date, the newest night’s, and every real price seen', () => {
    const chart = report('2021-02-06T00:00:00Z').charts.find((c) => c.id === 'forecast-1m');
    const forecasts = chart?.points.filter((p) => p['series'] === 'published forecast') ?? [];
    expect(forecasts.map((p) => [p['from'], p['date']])).toEqual([
      ['2020-12-01', '2021-01-01'],
      ['2021-01-01', '2021-02-01'],
    ]);
    const actual = chart?.points.filter((p) => p['series'] === 'real price') ?? [];
    expect(actual.map((p) => p['date'])).toEqual(['2020-12-01', '2021-01-01']);
    // the December forecast of the second night (same data as the first: the same forecast)
    const second = runs[1]?.stages.find((s) => s.name === 'predict')?.details;
    expect(JSON.stringify(second)).toContain(String(forecasts[0]?.['price']).slice(0, 5));
  });

  it('scores each library and naive once per night on the walk-forward chart', () => {
    const chart = report('2021-02-06T00:00:00Z').charts.find((c) => c.id === 'walk-forward-3m');
    expect(chart?.points.map((p) => p['model'])).toEqual(
      Array(3).fill(['lightgbm', 'xgboost', 'naive']).flat(),
    );
  });

  it('looks back 90 days from the newest run on the run charts, counting failures', () => {
    const failed = nightRecord(
      '20210420_055900',
      new Date('2021-04-20T05:59:00Z'),
      ['1m'],
      new Map(),
      'failed',
    );
    // made long after: the window is the machine's last 90 days, not the calendar's
    const model = report('2021-12-01T00:00:00Z', [failed]);
    // the January nights are more than 90 days before Apr 20
    expect(model.charts.find((c) => c.id === 'run-strip')?.points.map((p) => p['run'])).toEqual([
      '20210205_055900',
      '20210420_055900',
    ]);
    expect(model.failedNights).toBe(1);
    expect(model.nights).toBe(2);
    // no quality stage ran in these nights: nothing to count
    expect(model.charts.find((c) => c.id === 'quality')?.points).toEqual([]);
  });

  it('heads with a degraded last night: its delivery, counted with the failed nights', () => {
    const base = nightRecord(
      '20210210_055900',
      new Date('2021-02-10T05:59:00Z'),
      ['1m'],
      new Map(),
      'degraded',
    );
    const delivery = judgeDelivery(base, new Date('2021-02-10T06:30:00Z'), DEFAULT_DELIVERY_POLICY);
    const degraded: RunRecord = { ...base, delivery, error: delivery.summary };
    const model = report('2021-02-11T00:00:00Z', [degraded]);
    expect(model.lastRun?.state).toBe('degraded');
    expect(model.attention.verdict).toMatchObject({ met: false, current: 0, expected: 1 });
    expect(model.attention.verdict?.horizons[0]).toMatchObject({ horizon: '1m', delivered: 'not_published' });
    expect(model.failedNights).toBe(1);
  });

  it('gives every chart a title and a text alternative', () => {
    for (const chart of report(new Date(Date.parse('2021-02-05T05:59:00Z') + DAY).toISOString()).charts) {
      expect(chart.title.length).toBeGreaterThan(10);
      expect(chart.description.length).toBeGreaterThan(20);
    }
  });

  it('draws the table’s real prices on a horizon whichever model published, three years of them at least', () => {
    const table = all.between('1990-01-01', '2021-01-01').build('3m');
    const prices = (table.columns['zl_price'] ?? []).map((p) => p ?? Number.NaN);
    const model = report('2021-02-06T00:00:00Z', [], {
      prices: [{ horizon: '3m', dates: table.dates, prices }],
    });
    const real = model.charts
      .find((c) => c.id === 'forecast-3m')
      ?.points.filter((p) => p['series'] === 'real price');
    const dates = real?.map((p) => String(p['date'])) ?? [];
    expect(dates[0]).toBe('2018-01-01');
    expect(dates.at(-1)).toBe('2021-01-01');
    expect(dates).toHaveLength(37);
    // the real prices, as the table holds them
    expect(real?.at(-1)?.['price']).toBeCloseTo(prices.at(-1) ?? 0, 2);
  });

  it('says the unit of the prices when the config knows it, and claims none when it does not', () => {
    const axis = (unit: string | null) =>
      report('2021-02-06T00:00:00Z', [], { priceUnit: unit })
        .charts.find((c) => c.id === 'forecast-1m')
        ?.columns.find((c) => c.key === 'price')?.label;
    expect(axis('US¢/lb')).toBe('price (US¢/lb)');
    expect(axis(null)).toBe('price');
  });

  it('gives every run its own bar, two runs of one day included', () => {
    const again = nightRecord(
      '20210205_120000',
      new Date('2021-02-05T12:00:00Z'),
      ['1m'],
      new Map([['export', { status: 'succeeded' }]]),
      'success',
    );
    const chart = report('2021-02-06T00:00:00Z', [again]).charts.find((c) => c.id === 'stage-durations');
    const bars = new Set(chart?.points.map((p) => p['run']));
    expect(bars).toEqual(
      new Set(['20210105_055900', '20210106_055900', '20210205_055900', '20210205_120000']),
    );
  });

  it('leads with the horizons the last night did not forecast, in the stages’ words, and the data’s age', () => {
    const model = report('2021-02-06T00:00:00Z');
    // the last night ran 1m and 3m, both forecast from the newest month
    expect(model.attention.notForecast).toEqual([]);
    expect(model.attention.dataAge.map((a) => [a.horizon, a.newestRow, a.days])).toEqual([
      ['1m', '2021-01-01', 36],
      ['3m', '2021-01-01', 36],
    ]);
    expect(model.attention.verdict).toBeNull();
    // each published forecast carries its band, as the predict stage recorded it
    for (const f of model.forecasts) {
      expect(f.interval?.level).toBe(0.8);
      expect(f.interval?.low).toBeLessThan(f.predictedPrice ?? Number.NaN);
      expect(f.interval?.high).toBeGreaterThan(f.predictedPrice ?? Number.NaN);
    }
    expect(model.forecasts.map((f) => f.horizon)).toEqual(['1m', '3m']);
    const failed = nightRecord(
      '20210206_055900',
      new Date('2021-02-06T05:59:00Z'),
      ['1m', '3m'],
      new Map(),
      'failed',
    );
    const after = report('2021-02-07T00:00:00Z', [failed]);
    expect(after.attention.notForecast.map((n) => n.horizon)).toEqual(['1m', '3m']);
    for (const n of after.attention.notForecast) expect(n.reason).toBe('the predict stage did not run');
    // the data's age from the newest night that read it, counted from the report
    expect(after.attention.dataAge[0]?.days).toBe(37);
  });

  it('says which broken files the last night set aside and went on without: the warehouse, a champion', () => {
    const last = runs[0];
    if (last === undefined) throw new Error('no night');
    expect(report('2021-02-06T00:00:00Z').attention.setAside).toEqual([]);
    const stages = last.stages.map((stage) => {
      if (stage.name !== 'predict' || stage.details === null || !('horizons' in stage.details)) return stage;
      const horizons = stage.details.horizons as Record<string, object>;
      const corrupt = {
        set_aside: 'Models/local/horizon_1m/prod/set_aside/xgboost/v1',
        error: 'the model file does not load',
        replaced_by: null,
      };
      return {
        ...stage,
        details: {
          ...stage.details,
          horizons: { ...horizons, '1m': { ...horizons['1m'], corrupt_champion: corrupt } },
        },
      };
    });
    const repaired: RunRecord = {
      ...last,
      run_id: '20210206_055900',
      stages,
      set_aside: [
        {
          what: 'warehouse',
          path: '/home/u/.cbi-home/Warehouse/cbi.duckdb',
          moved_to: '/home/u/.cbi-home/Warehouse/cbi.duckdb.corrupt-20210206_055900',
          reason: 'IO Error: not a valid DuckDB database file',
        },
      ],
    } as RunRecord;
    expect(report('2021-02-07T00:00:00Z', [repaired]).attention.setAside).toEqual([
      {
        what: 'the embedded warehouse',
        movedTo: '/home/u/.cbi-home/Warehouse/cbi.duckdb.corrupt-20210206_055900',
        why: 'IO Error: not a valid DuckDB database file',
      },
      {
        what: 'the 1m champion model',
        movedTo: 'Models/local/horizon_1m/prod/set_aside/xgboost/v1',
        why: 'the model file does not load',
      },
    ]);
  });
});
