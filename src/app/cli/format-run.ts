import type { RunRecord, StageRecord } from '../../domain/night/run.js';
import type { StatusReport } from '../../index.js';
import { formatDuration, formatTable } from './format-table.js';

const MARK: Readonly<Record<StageRecord['status'], string>> = {
  succeeded: 'ok',
  partial: 'PARTIAL',
  skipped: 'skipped',
  failed: 'FAILED',
  running: 'running',
  not_run: 'not run',
};

/** The stage table of a run: stage, result, duration, retries, error or reason. */
export function formatStages(run: RunRecord): string {
  return formatTable(
    ['stage', 'result', 'duration', 'retries', 'note'],
    run.stages.map((s) => [
      s.name,
      MARK[s.status],
      formatDuration(s.duration_seconds),
      String(s.retries),
      s.error ?? s.reason ?? '',
    ]),
  );
}

/** The one-line verdict of a run. */
export function formatVerdict(run: RunRecord): string {
  const failed = run.failed_stage ? ` at ${run.failed_stage}` : '';
  const error = run.error ? `: ${run.error}` : '';
  const hint = run.hint ? `; ${run.hint}` : '';
  return `run ${run.run_id}: ${run.state}${run.state === 'success' ? '' : `${failed}${error}${hint}`} (exit ${run.exit_code ?? '-'})`;
}

/** The one stderr line of a run that did not fully succeed: what, where, what to do, the code. */
export function formatFailureLine(run: RunRecord): string {
  const where = run.failed_stage ? ` at ${run.failed_stage}` : '';
  const error = run.error ? `: ${run.error}` : '';
  const hint = run.hint ? `; ${run.hint}` : '';
  const code = run.error_code ? ` [${run.error_code}]` : '';
  return `cbi: run ${run.run_id} ${run.state}${where}${error}${hint}${code}`;
}

/** What `cbi status` prints on a terminal. */
export function formatStatus(report: StatusReport): string {
  const parts: string[] = [];
  if (report.corrupt) parts.push(`last run status is CORRUPT: ${report.corrupt}`);
  if (report.last === null) {
    parts.push('no run recorded yet: start one with `cbi run`');
  } else {
    parts.push(
      `${formatVerdict(report.last)}; started ${report.last.start_time} (${formatDuration(report.ageSeconds)} ago)`,
    );
    parts.push('', formatStages(report.last));
  }
  parts.push(
    '',
    report.lock === null
      ? 'lock: free'
      : `lock: held by run ${report.lock.lock.runId} (pid ${report.lock.lock.pid} on ${report.lock.lock.host}, since ${report.lock.lock.startedAt})${report.lock.alive ? '' : ' - its process is gone (stale)'}`,
  );
  if (report.recent.length > 0) {
    parts.push(
      '',
      'recent runs:',
      formatTable(
        ['run', 'state', 'trigger', 'started', 'failed stage'],
        report.recent.map((r) => [r.run_id, r.state, r.trigger, r.start_time, r.failed_stage ?? '']),
      ),
    );
  }
  return parts.join('\n');
}
