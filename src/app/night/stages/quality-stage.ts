import { horizonPeriods, type Horizon } from '../../../domain/horizon.js';
import type { QualityReport } from '../../../domain/data/quality-report.js';
import { evaluateQuality } from '../../../domain/data/quality-rules.js';
import type { QualitySettings } from '../../../domain/data/quality-settings.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { QUALITY_REPORT_KEY, qualityFailure, writeQualityReport } from './quality-verdict.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

export interface QualityStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly clock: Clock;
  readonly settings: QualitySettings;
}

/**
 * The quality gate: profiles every horizon's training table, judges it by the rules and writes
 * the verdict to `TrainingData/exports/quality_report.json`. Warnings are returned in the
 * details; a blocking finding throws DataQualityError (permanent) naming the rule, the column
 * and the numbers.
 */
export function createQualityStage(deps: QualityStageDeps): StageBody {
  return async (context: StageContext): Promise<StageResult> => {
    const tables = await deps.warehouse.trainingTables();
    const frequency = tables[0]?.frequency;
    const reports: QualityReport[] = [];
    const skipped: { horizon: Horizon; reason: string }[] = [];
    for (const horizon of context.horizons) {
      if (context.signal.aborted) throw context.signal.reason;
      if (frequency !== undefined && horizonPeriods(horizon, frequency) === undefined) {
        skipped.push({ horizon, reason: `not supported at ${frequency} resolution` });
        continue;
      }
      const profile = await deps.warehouse.profileTrainingTable(horizon, {
        sentinels: deps.settings.sentinels,
        maxLeakageLead: deps.settings.leakageMaxLead,
      });
      reports.push(evaluateQuality(profile, deps.settings, deps.clock.now()));
    }
    const passed = reports.every((r) => r.passed);
    await writeQualityReport(deps.artifacts, {
      runId: context.runId,
      checkedAt: deps.clock.now().toISOString(),
      reports,
      skipped,
    });
    const findings = reports.flatMap((r) => r.findings.map((f) => ({ horizon: r.horizon, ...f })));
    for (const f of findings)
      context.logger.warn('quality finding', {
        horizon: f.horizon,
        rule: f.rule,
        severity: f.severity,
        column: f.column,
        message: f.message,
      });
    const failure = qualityFailure(reports);
    if (failure) throw failure;
    return {
      status: 'succeeded',
      details: {
        report: QUALITY_REPORT_KEY,
        passed,
        tables: reports.map((r) => ({
          horizon: r.horizon,
          table: r.table,
          rows: r.rows,
          first_date: r.firstDate,
          last_date: r.lastDate,
        })),
        skipped,
        warnings: findings.length,
        findings,
      },
    };
  };
}
