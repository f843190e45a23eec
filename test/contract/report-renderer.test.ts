import { describe, expect, it } from 'vitest';
import { VegaReportRenderer } from '../../src/adapters/vega/vega-report-renderer.js';
import { buildReport } from '../../src/domain/report/build-report.js';
import { reportRendererContract } from '../../src/testing/contracts/report-renderer.contract.js';
import { FakeReportRenderer } from '../../src/testing/fake-report-renderer.js';
import { SoyOilTableBuilder } from '../builders/soy-oil-table.builder.js';
import { runMlNight, soyOilWorld } from '../support/ml-night.js';
import { nightRecord } from '../support/night-records.js';

/** A report of two real nights (the ML stages on the real series). */
async function twoNights() {
  const world = soyOilWorld((await SoyOilTableBuilder.load()).between('1990-01-01', '2021-01-01'));
  const runs = [];
  for (const runId of ['20210120_235900', '20210121_235900']) {
    const start = new Date(`${runId.slice(0, 4)}-${runId.slice(4, 6)}-${runId.slice(6, 8)}T23:59:00Z`);
    runs.unshift(
      nightRecord(runId, start, ['1m', '3m'], await runMlNight(world, { runId, horizons: ['1m', '3m'] })),
    );
  }
  return buildReport({
    now: new Date('2021-01-22T06:00:00Z'),
    runs,
    champions: [],
    watchdog: [],
    incidentSince: null,
    prices: [],
    priceUnit: null,
  });
}

reportRendererContract('fake', async () => ({
  renderer: new FakeReportRenderer(),
  report: await twoNights(),
}));
reportRendererContract('vega', async () => ({
  renderer: new VegaReportRenderer(),
  report: await twoNights(),
}));

describe('the report page of the vega renderer', () => {
  it("shows each horizon's skill test: statistic, p-value, forecasts and independent ones", async () => {
    const html = await new VegaReportRenderer().render(await twoNights());
    // 6 walk-forward forecasts (the test folds): 6 independent one month ahead, 2 three months ahead
    expect(html).toMatch(
      /<td data-label="skill test">DM -?\d+\.\d\d, p [\d.e-]+; 6 forecasts, 6\.0 independent<\/td>/,
    );
    expect(html).toMatch(
      /<td data-label="skill test">DM -?\d+\.\d\d, p [\d.e-]+; 6 forecasts, 2\.0 independent<\/td>/,
    );
  }, 60_000);

  it('calls a night degraded only when its record says so: a failed night that delivered nothing tells the count', async () => {
    const report = await twoNights();
    const lastRun = report.lastRun;
    if (lastRun === null) throw new Error('no last run');
    const verdict = {
      met: false,
      current: 0,
      expected: 1,
      judged_on: '2021-01-22',
      summary: 'no horizon forecast from current data',
      horizons: [],
    };
    const page = async (state: 'degraded' | 'failed') =>
      new VegaReportRenderer().render({
        ...report,
        lastRun: { ...lastRun, state },
        attention: { ...report.attention, verdict },
      });
    expect(await page('degraded')).toMatch(
      /id="attention-delivery"><span class="tag">Degraded: 0 of 1 expected current forecast\.</,
    );
    expect(await page('failed')).toMatch(
      /id="attention-delivery"><span class="tag">Delivered 0 of 1 expected current forecast\.</,
    );
  }, 60_000);

  it('says a night repaired itself: each broken file set aside, why, and where it is kept', async () => {
    const report = await twoNights();
    expect(await new VegaReportRenderer().render(report)).not.toContain('id="attention-set-aside"');
    const html = await new VegaReportRenderer().render({
      ...report,
      attention: {
        ...report.attention,
        setAside: [
          {
            what: 'the 1m champion model',
            movedTo: 'Models/local/horizon_1m/prod/set_aside/xgboost/v1',
            why: 'the model file <model.json> does not load',
          },
        ],
      },
    });
    expect(html).toContain(
      '<li class="note" id="attention-set-aside"><span class="tag">Repaired: 1 broken file set aside.</span><ul><li><b>the 1m champion model</b>: the model file &lt;model.json&gt; does not load; kept at Models/local/horizon_1m/prod/set_aside/xgboost/v1, never read again.</li></ul></li>',
    );
  }, 60_000);
});
