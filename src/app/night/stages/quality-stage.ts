import type { QualityDetails } from '../../../domain/night/stage-details.js';
import { horizonPeriods, type Horizon } from '../../../domain/horizon.js';
import type { QualityReport } from '../../../domain/data/quality-report.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';
import type { Clock } from '../../../ports/clock.port.js';
import type { Warehouse } from '../../../ports/warehouse.port.js';
import { readAuditedTable, type TableSettings } from '../table/audit-horizon.js';
import {
  QUALITY_REPORT_KEY,
  blockedHorizons,
  qualityFailure,
  reportSummary,
  writeQualityReport,
} from './quality-verdict.js';
import type { StageBody, StageContext, StageResult } from '../stage.js';

export interface QualityStageDeps {
  readonly warehouse: Warehouse;
  readonly artifacts: ArtifactStore;
  readonly clock: Clock;
  readonly settings: TableSettings;
}

/**
 * The quality gate: audits every horizon's training table (any schema: roles, the target's real
 * lead, row rules, table rules) and writes the verdict to
 * `TrainingData/exports/quality_report.json`. A horizon is `passed`, `trimmed` (the night goes
 * on without the rows the trim rules name) or `blocked`. Some horizons blocked: the stage is
 * partial and the others go on; every horizon blocked: DataQualityError (permanent) naming the
 * rule, the column, the numbers and the config key that relaxes it.
 */
export function createQualityStage(deps: QualityStageDeps): StageBody<'quality'> {
  return async (context: StageContext): Promise<StageResult<QualityDetails>> => {
    const tables = await deps.warehouse.trainingTables();
    const now = deps.clock.now();
    const reports: QualityReport[] = [];
    const skipped: { horizon: Horizon; reason: string }[] = [];
    for (const horizon of context.horizons) {
      if (context.signal.aborted) throw context.signal.reason;
      const info = tables.find((t) => t.horizon === horizon);
      const frequency = info?.frequency ?? tables[0]?.frequency;
      if (frequency !== undefined && horizonPeriods(horizon, frequency) === undefined) {
        skipped.push({ horizon, reason: `not supported at ${frequency} resolution` });
        continue;
      }
      if (info === undefined) {
        skipped.push({ horizon, reason: 'the warehouse holds no training table for it' });
        continue;
      }
      reports.push((await readAuditedTable(deps.warehouse, info, deps.settings, now)).audit.report);
    }
    await writeQualityReport(deps.artifacts, {
      runId: context.runId,
      checkedAt: now.toISOString(),
      reports,
      skipped,
    });
    for (const report of reports) {
      for (const f of report.findings) {
        const log = f.severity === 'warning' ? context.logger.info : context.logger.warn;
        log.call(context.logger, 'quality finding', {
          horizon: report.horizon,
          rule: f.rule,
          severity: f.severity,
          column: f.column,
          rows: f.rows?.count ?? null,
          message: f.message.length > 300 ? `${f.message.slice(0, 300)}...` : f.message,
        });
      }
    }
    const details = {
      report: QUALITY_REPORT_KEY,
      passed: reports.every((r) => r.passed),
      verdicts: Object.fromEntries(reports.map((r) => [r.horizon, r.verdict])),
      tables: Object.fromEntries(reports.map((r) => [r.horizon, reportSummary(r)])),
      skipped,
    };
    if (reports.length > 0 && reports.every((r) => r.verdict === 'blocked')) {
      const failure = qualityFailure(reports);
      if (failure) throw failure;
    }
    const problem = blockedHorizons(reports);
    return problem === undefined ? { status: 'succeeded', details } : { status: 'partial', problem, details };
  };
}
