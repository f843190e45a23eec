import { describe, expect, it } from 'vitest';
import { QUALITY_REPORT_KEY } from '../../../../../src/app/night/stages/quality-verdict.js';
import { createQualityStage } from '../../../../../src/app/night/stages/quality-stage.js';
import { DataQualityError } from '../../../../../src/domain/errors.js';
import { DEFAULT_QUALITY_SETTINGS } from '../../../../../src/domain/data/quality-settings.js';
import { FakeArtifactStore } from '../../../../../src/testing/fake-artifact-store.js';
import { FakeClock } from '../../../../../src/testing/fake-clock.js';
import { FakeWarehouse } from '../../../../../src/testing/fake-warehouse.js';
import { SoyOilTableBuilder } from '../../../../builders/soy-oil-table.builder.js';
import { stageContext } from '../../../../builders/stage-context.builder.js';
import { tableSettings } from '../../../../support/table-settings.js';
import { TEST_TRAIN_SETTINGS, fakeTrainers } from '../../../../support/ml-night.js';
import { createTrainStage } from '../../../../../src/app/night/stages/train-stage.js';

const HORIZONS = ['1w', '1m', '3m'] as const;
// the data's newest month is 2025-09; judged soon after, so freshness has nothing to say
const clock = new FakeClock('2025-10-15T23:30:00Z');

describe('createQualityStage', () => {
  it('passes clean real tables, skips 1w at monthly resolution and writes the report', async () => {
    const builder = await SoyOilTableBuilder.load();
    const warehouse = new FakeWarehouse([builder.build('1m'), builder.build('3m')]);
    const artifacts = new FakeArtifactStore();
    const result = await createQualityStage({
      warehouse,
      artifacts,
      clock,
      settings: tableSettings(),
    })(stageContext({ runId: 'r1', kind: 'quality', horizons: HORIZONS }));
    expect(result.details).toMatchObject({
      passed: true,
      skipped: [{ horizon: '1w', reason: 'not supported at monthly resolution' }],
    });
    expect(new TextDecoder().decode(artifacts.files.get(QUALITY_REPORT_KEY))).toContain('"passed": true');
  });

  it('fails permanently naming rule, column and numbers when a feature is the target, and still writes the report', async () => {
    const builder = await SoyOilTableBuilder.load();
    const clean = builder.build('1m');
    const leaked = {
      ...clean,
      columns: { ...clean.columns, psoybusdm_level: clean.columns['target_1m'] ?? [] },
    };
    const warehouse = new FakeWarehouse([leaked]);
    const artifacts = new FakeArtifactStore();
    const failure = createQualityStage({ warehouse, artifacts, clock, settings: tableSettings() })(
      stageContext({ runId: 'r1', kind: 'quality', horizons: ['1m'] }),
    );
    await expect(failure).rejects.toBeInstanceOf(DataQualityError);
    await expect(failure).rejects.toThrow(
      /quality rule leakage failed on training\.zl_training_prod_allhistory_1m: leakage: psoybusdm_level equals target_1m on \d+ of \d+ rows \(100\.0%/,
    );
    await expect(failure).rejects.toMatchObject({ transient: false });
    expect(new TextDecoder().decode(artifacts.files.get(QUALITY_REPORT_KEY))).toContain('"passed": false');
  });

  it('records a warning without failing when the rule is set to warning', async () => {
    const builder = await SoyOilTableBuilder.load();
    const clean = builder.build('1m');
    const leaked = {
      ...clean,
      columns: { ...clean.columns, psoybusdm_level: clean.columns['target_1m'] ?? [] },
    };
    const settings = tableSettings({
      severity: { ...DEFAULT_QUALITY_SETTINGS.severity, leakage: 'warning' as const },
    });
    const result = await createQualityStage({
      warehouse: new FakeWarehouse([leaked]),
      artifacts: new FakeArtifactStore(),
      clock,
      settings,
    })(stageContext({ runId: 'r1', kind: 'quality', horizons: ['1m'] }));
    expect(result.status).toBe('succeeded');
    expect(result.details).toMatchObject({
      verdicts: { '1m': 'passed' },
      tables: {
        '1m': {
          findings: [
            expect.objectContaining({ rule: 'leakage', severity: 'warning', column: 'psoybusdm_level' }),
          ],
        },
      },
    });
  });

  it('blocks only the horizon whose table fails a blocking rule: the stage is partial, that train stage skipped naming the key', async () => {
    const builder = await SoyOilTableBuilder.load();
    const threeMonths = builder.build('3m');
    const leaked = {
      ...threeMonths,
      columns: { ...threeMonths.columns, psoybusdm_level: threeMonths.columns['target_3m'] ?? [] },
    };
    const warehouse = new FakeWarehouse([builder.build('1m'), leaked]);
    const artifacts = new FakeArtifactStore();
    const result = await createQualityStage({ warehouse, artifacts, clock, settings: tableSettings() })(
      stageContext({ runId: 'r1', kind: 'quality', horizons: ['1m', '3m'] }),
    );
    expect(result).toMatchObject({
      status: 'partial',
      problem: {
        code: 'DATA_QUALITY',
        message: expect.stringMatching(
          /the quality gate blocked 3m: 3m: leakage: psoybusdm_level equals target_3m/,
        ),
        hint: expect.stringMatching(/^set quality\.severity\.leakage to "warning"/),
      },
      details: { verdicts: { '1m': 'passed', '3m': 'blocked' } },
    });
    const train = (horizon: '1m' | '3m') =>
      createTrainStage({
        warehouse,
        artifacts,
        trainers: fakeTrainers(),
        clock,
        settings: TEST_TRAIN_SETTINGS,
      })(stageContext({ runId: 'r1', kind: 'train', horizon }));
    expect(await train('3m')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(
        /^blocked by the quality gate: leakage: .*; set quality\.severity\.leakage to "warning"/,
      ),
    });
    expect((await train('1m')).status).toBe('succeeded');
  });
});
