import { describe, expect, it } from 'vitest';
import { chartSpec } from '../../../src/adapters/vega/vega-chart-specs.js';
import type { StageResult } from '../../../src/app/night/stage.js';
import { HORIZONS } from '../../../src/domain/horizon.js';
import {
  buildNightlyPlan,
  STAGE_KINDS,
  STAGE_TABLE,
  stageKindOf,
  stageName,
} from '../../../src/domain/night/pipeline-plan.js';
import { buildReport } from '../../../src/domain/report/build-report.js';
import { nightRecord } from '../../support/night-records.js';

// The stage table is the one place the stages are spelled out: each test here fails when a row is
// added to it and some place that must know every stage (the plan, the report, its chart) does not.
describe('the stage table', () => {
  const plan = buildNightlyPlan({ horizons: HORIZONS, minHorizons: 1 });

  it.each(STAGE_TABLE)('plans $kind (critical $critical, per horizon $perHorizon)', (row) => {
    const planned = plan.stages.filter((s) => s.kind === row.kind);
    expect(planned).toHaveLength(row.perHorizon ? HORIZONS.length : 1);
    expect(planned.every((s) => s.critical === row.critical)).toBe(true);
  });

  it.each(plan.stages)('reads $name back as a $kind stage', (stage) => {
    expect(stageKindOf(stage.name)).toBe(stage.kind);
    expect(stageName(stage.kind, stage.horizon)).toBe(stage.name);
  });

  it('reads no kind from a name no stage has', () => {
    expect(stageKindOf('train')).toBeUndefined();
    expect(stageKindOf('export_1m')).toBeUndefined();
    expect(stageKindOf('cleanup')).toBeUndefined();
  });

  it('gives every stage its own group and colour in the report’s stage durations', () => {
    const start = new Date('2026-11-29T23:59:00Z');
    const results = new Map<string, StageResult>(plan.stages.map((s) => [s.name, { status: 'succeeded' }]));
    const run = nightRecord('20261129_235900', start, HORIZONS, results);
    const report = buildReport({
      now: new Date('2026-11-30T06:00:00Z'),
      runs: [run],
      champions: [],
      watchdog: [],
      incidentSince: null,
      prices: [],
      priceUnit: null,
    });
    const chart = report.charts.find((c) => c.kind === 'stage-durations');
    expect(new Set(chart?.points.map((p) => p['stage']))).toEqual(new Set(STAGE_KINDS));
    if (chart === undefined) return;
    const spec = chartSpec(chart, 'wide');
    expect(spec['encoding']).toMatchObject({ color: { scale: { domain: [...STAGE_KINDS] } } });
  });
});
