import { DataQualityError } from '../../../domain/errors.js';
import type { Horizon } from '../../../domain/horizon.js';
import { LAYOUT } from '../../../domain/layout.js';
import { firstBlocking, type QualityReport } from '../../../domain/data/quality-report.js';
import type { ArtifactStore } from '../../../ports/artifact-store.port.js';

/** Where the quality verdict is written, next to the exports. */
export const QUALITY_REPORT_KEY = `${LAYOUT.exports}/quality_report.json`;

/** The failure of the first blocking finding, naming the rule, the table, the column and the numbers; undefined when none blocks. */
export function qualityFailure(reports: readonly QualityReport[], suffix = ''): DataQualityError | undefined {
  const blocking = firstBlocking(reports);
  if (blocking === undefined) return undefined;
  const others = reports.flatMap((r) => r.findings).filter((f) => f.severity === 'blocking').length - 1;
  return new DataQualityError(
    `quality rule ${blocking.finding.rule} failed on ${blocking.report.table}: ${blocking.finding.message}${others > 0 ? ` (and ${others} more blocking findings)` : ''}${suffix}`,
    {
      transient: false,
      hint: `see ${QUALITY_REPORT_KEY}; fix the source data or set quality.severity.${blocking.finding.rule} in the config`,
    },
  );
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
    schema_version: 1,
    run_id: verdict.runId,
    checked_at: verdict.checkedAt,
    passed,
    skipped: verdict.skipped,
    reports: verdict.reports,
  };
  await artifacts.write(QUALITY_REPORT_KEY, `${JSON.stringify(content, null, 2)}\n`);
}
