import { DataQualityError, type ErrorSummary } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { LAYOUT } from '../../../domain/layout.js';
import {
  firstBlocking,
  type QualityFinding,
  type QualityReport,
} from '../../../domain/data/quality-report.js';
import { isRowRule } from '../../../domain/data/quality-settings.js';
import type { TableSummary } from '../../../domain/night/stage-details.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';

/** Where the quality verdict is written, next to the exports. */
export const QUALITY_REPORT_KEY = `${LAYOUT.exports}/quality_report.json`;

/** What the config key of a blocking finding can be set to, in a hint. */
export function relaxHint(finding: QualityFinding): string {
  const key = `quality.severity.${finding.rule}`;
  return isRowRule(finding.rule) || finding.rule === 'stale_features'
    ? `set ${key} to "trim" to go on without what it found, or fix the data (see ${QUALITY_REPORT_KEY})`
    : `set ${key} to "warning" to go on regardless, or fix the data (see ${QUALITY_REPORT_KEY})`;
}

/** The failure of the first blocking finding, naming the rule, the table, the column, the numbers and the config key; undefined when none blocks. */
export function qualityFailure(reports: readonly QualityReport[], suffix = ''): DataQualityError | undefined {
  const blocking = firstBlocking(reports);
  if (blocking === undefined) return undefined;
  const others = reports.flatMap((r) => r.findings).filter((f) => f.severity === 'blocking').length - 1;
  return new DataQualityError(
    `quality rule ${blocking.finding.rule} failed on ${blocking.report.table}: ${blocking.finding.message}${others > 0 ? ` (and ${others} more blocking findings)` : ''}${suffix}`,
    { transient: false, hint: relaxHint(blocking.finding) },
  );
}

/** The problem of a night whose gate blocked some horizons but not all (the others go on). */
export function blockedHorizons(reports: readonly QualityReport[]): ErrorSummary | undefined {
  const blocked = reports.filter((r) => r.verdict === 'blocked');
  if (blocked.length === 0) return undefined;
  const first = firstBlocking(blocked);
  return {
    code: 'DATA_QUALITY',
    transient: false,
    message: `the quality gate blocked ${blocked.map((r) => r.horizon).join(', ')}: ${blocked
      .map((r) => {
        const finding = r.findings.find((f) => f.severity === 'blocking');
        return `${r.horizon}: ${finding?.message ?? 'blocked'}`;
      })
      .join('; ')}`,
    ...(first === undefined ? {} : { hint: relaxHint(first.finding) }),
  };
}

/** The run record's view of a report: the verdict and each finding with the rows it names (not every column it lists). */
export function reportSummary(report: QualityReport): TableSummary {
  return {
    table: report.table,
    verdict: report.verdict,
    rows: report.rows,
    first_date: report.firstDate,
    last_date: report.lastDate,
    trusted_rows: report.trustedRows,
    trusted_targets: report.trustedTargets,
    last_trusted_date: report.lastTrustedDate,
    target: report.target,
    dropped_features: report.droppedFeatures.length,
    findings: report.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      column: f.column,
      ...(f.columns === undefined ? {} : { columns: f.columns.length }),
      message: f.message.length > 400 ? `${f.message.slice(0, 400)}...` : f.message,
      ...(f.rows === undefined ? {} : { rows: f.rows.count, row_ranges: f.rows.ranges.slice(0, 8) }),
      ...(f.targetRows === undefined ? {} : { target_rows: f.targetRows.count }),
    })),
  };
}

/** Writes the verdict (atomically) to QUALITY_REPORT_KEY. */
export async function writeQualityReport(
  artifacts: ArtifactStore,
  verdict: {
    readonly runId: string;
    readonly checkedAt: string;
    readonly reports: readonly QualityReport[];
    readonly skipped: readonly { readonly horizon: Horizon; readonly reason: string }[];
  },
): Promise<void> {
  const passed = verdict.reports.every((r) => r.passed);
  const content = {
    schema_version: 2,
    run_id: verdict.runId,
    checked_at: verdict.checkedAt,
    passed,
    skipped: verdict.skipped,
    reports: verdict.reports,
  };
  await artifacts.write(QUALITY_REPORT_KEY, `${JSON.stringify(content, null, 2)}\n`);
}
