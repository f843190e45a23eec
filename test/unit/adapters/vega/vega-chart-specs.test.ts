import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartSpec, type ChartSize } from '../../../../src/adapters/vega/vega-chart-specs.js';
import { buildReport } from '../../../../src/domain/report/build-report.js';
import type { RunRecord } from '../../../../src/domain/night/run.js';
import type { ReportChart, ReportFacts } from '../../../../src/domain/report/report-model.js';
import { SoyOilTableBuilder } from '../../../builders/soy-oil-table.builder.js';
import { runMlNight, soyOilWorld } from '../../../support/ml-night.js';
import { nightRecord } from '../../../support/night-records.js';

/** The chart drawn as the report draws it, and the texts of its axes' labels and legends. */
async function drawn(chart: ReportChart, size: ChartSize) {
  const view = new vega.View(vega.parse(compile(chartSpec(chart, size) as unknown as TopLevelSpec).spec), {
    renderer: 'none',
  });
  try {
    const svg = await view.toSVG();
    const texts = (role: string): string[] =>
      [...svg.matchAll(new RegExp(`<g class="mark-text role-${role}"[^>]*>(.*?)</g>`, 'g'))].flatMap((g) =>
        // labels hidden to avoid an overlap are drawn transparent: only the ones a person sees
        [...(g[1] ?? '').matchAll(/<text(?![^>]*opacity="0")[^>]*>([^<]*)<\/text>/g)].map((t) => t[1] ?? ''),
      );
    return {
      svg,
      axisLabels: texts('axis-label'),
      axisTitles: texts('axis-title'),
      legend: texts('legend-label'),
    };
  } finally {
    view.finalize();
  }
}

describe('the report’s charts, drawn', () => {
  // Three real nights on the real series, the table's prices since 1990 behind them.
  let runs: RunRecord[];
  let all: SoyOilTableBuilder;
  beforeAll(async () => {
    all = await SoyOilTableBuilder.load();
    const world = soyOilWorld(all.between('1990-01-01', '2020-12-01'), '2020-12-01T00:00:00Z');
    runs = [];
    for (const [start, newest] of [
      ['2020-12-30T05:59:00Z', '2020-11-01'],
      ['2021-01-05T05:59:00Z', '2020-12-01'],
      ['2021-01-05T17:00:00Z', '2020-12-01'],
    ] as const) {
      const cut = all.between('1990-01-01', newest);
      world.warehouse.setTrainingTable(cut.build('1m'));
      world.clock.set(start);
      const runId = `${start.slice(0, 10).replace(/-/g, '')}_${start.slice(11, 19).replace(/:/g, '')}`;
      runs.unshift(
        nightRecord(runId, new Date(start), ['1m'], await runMlNight(world, { runId, horizons: ['1m'] })),
      );
    }
  });

  const chart = (id: string, facts: Partial<ReportFacts> = {}): ReportChart => {
    const table = all.between('1990-01-01', '2020-12-01').build('1m');
    const found = buildReport({
      now: new Date('2021-01-06T00:00:00Z'),
      runs,
      champions: [],
      watchdog: [],
      incidentSince: null,
      prices: [{ horizon: '1m', dates: table.dates, prices: (table.columns['zl_price'] ?? []).map(Number) }],
      priceUnit: null,
      ...facts,
    }).charts.find((c) => c.id === id);
    if (found === undefined) throw new Error(`no chart ${id}`);
    return found;
  };

  it.each(['wide', 'narrow'] as const)(
    'tells the libraries and naive apart by a legend (%s)',
    async (size) => {
      const { legend } = await drawn(chart('walk-forward-1m'), size);
      expect(legend).toEqual(['LightGBM', 'XGBoost', 'naive (no change)']);
    },
  );

  it.each(['wide', 'narrow'] as const)(
    'labels each tick of a time axis once, and says the year (%s)',
    async (size) => {
      for (const id of ['walk-forward-1m', 'forecast-1m', 'run-strip']) {
        const { axisLabels, axisTitles } = await drawn(chart(id), size);
        const dates = axisLabels.filter((l) => /[A-Z][a-z]{2}/.test(l));
        expect(dates.length, `${id}: ${axisLabels.join(' | ')}`).toBeGreaterThan(1);
        expect(new Set(dates).size, `${id}: ${dates.join(' | ')}`).toBe(dates.length);
        // the year on every label, or in the axis title when all of them share it
        for (const label of dates)
          expect(/\d{4}/.test(label) || axisTitles.some((t) => /\(\d{4}\)/.test(t)), `${id}: ${label}`).toBe(
            true,
          );
      }
    },
  );

  it('spans years on the forecast chart, the table’s real prices drawn, and the legend names every series', async () => {
    const { axisLabels, legend } = await drawn(chart('forecast-1m'), 'wide');
    expect(axisLabels.filter((l) => /^[A-Z][a-z]{2} \d{4}$/.test(l)).length).toBeGreaterThan(2);
    expect(legend).toEqual(expect.arrayContaining(['real price', 'published forecast']));
  });

  it('titles the price axis with the configured unit, and with none when it is unknown', async () => {
    expect((await drawn(chart('forecast-1m', { priceUnit: 'US¢/lb' }), 'wide')).axisTitles).toContain(
      'price (US¢/lb)',
    );
    const unknown = await drawn(chart('forecast-1m'), 'wide');
    expect(unknown.axisTitles).toContain('price');
    expect(unknown.svg).not.toMatch(/USD|US¢/);
  });

  it.each(['wide', 'narrow'] as const)(
    'labels the time axis of a single night with its date (%s)',
    async (size) => {
      const one = runs.slice(0, 1);
      for (const id of ['walk-forward-1m', 'run-strip']) {
        const found = chart(id, { runs: one });
        const { axisLabels } = await drawn(found, size);
        expect(axisLabels.filter((l) => l.startsWith('Jan 0')).length, id).toBeGreaterThan(1);
      }
    },
  );

  it('draws one bar per run, two runs of one day side by side', async () => {
    const { axisLabels } = await drawn(chart('stage-durations'), 'wide');
    expect(axisLabels.filter((l) => l.startsWith('Jan 05'))).toHaveLength(2);
  });

  it('colours findings of every severity the quality report writes, trim included', () => {
    const spec = chartSpec(chart('quality'), 'wide');
    expect(spec['encoding']).toMatchObject({ color: { scale: { domain: ['blocking', 'trim', 'warning'] } } });
  });
});
