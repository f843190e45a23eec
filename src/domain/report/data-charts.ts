import type { RunRecord } from '../night/run.js';
import type { ReportChart } from './report-model.js';
import { at, DAY_MS, day, details, list, type Point } from './report-reading.js';

// The report's charts of the data itself: how old each table's newest row was, and the quality
// findings, night by night.

/** The run-history charts look back this many days. */
export const HISTORY_DAYS = 90;

/**
 * The quality stage's audited tables as [horizon, summary]: an object keyed by horizon since the
 * user's own tables (schema of the quality report 2), an array of tables with a `horizon` before.
 */
function auditedTables(quality: unknown): [string, unknown][] {
  const tables = at(quality, 'tables');
  if (Array.isArray(tables))
    return tables.flatMap((t: unknown) => {
      const horizon = at(t, 'horizon');
      return typeof horizon === 'string' ? [[horizon, t] as [string, unknown]] : [];
    });
  if (typeof tables === 'object' && tables !== null) return Object.entries(tables);
  return [];
}

export function freshness(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    for (const [horizon, table] of auditedTables(details(run, 'quality'))) {
      const last = at(table, 'last_date');
      if (typeof horizon !== 'string' || typeof last !== 'string') continue;
      const days = Math.floor((Date.parse(day(run.started_at)) - Date.parse(last)) / DAY_MS);
      points.push({ night: run.started_at, horizon, days });
    }
  }
  const newest = points.at(-1);
  return {
    id: 'freshness',
    kind: 'freshness',
    horizon: null,
    title: 'How old the newest data row was each night',
    description:
      newest === undefined
        ? 'No audited table in the last 90 days.'
        : `Days between each night and the newest row of each training table; the last night saw data ${String(newest['days'])} days old.`,
    points,
    columns: [
      { key: 'night', label: 'night' },
      { key: 'horizon', label: 'horizon' },
      { key: 'days', label: 'days old' },
    ],
  };
}

export function quality(recent: readonly RunRecord[]): ReportChart {
  const points: Point[] = [];
  for (const run of recent) {
    const quality = details(run, 'quality');
    const tables = auditedTables(quality);
    // findings at the top (before the user's own tables) or per table
    const findings = [quality, ...tables.map(([, table]) => table)].flatMap((holder) =>
      list(holder, 'findings'),
    );
    if (findings.length === 0 && tables.length === 0) continue;
    // every audited night gets both counts, zeros too: a night with no finding is news as well
    const bySeverity = new Map<string, number>([
      ['warning', 0],
      ['blocking', 0],
    ]);
    for (const finding of findings) {
      const severity = at(finding, 'severity');
      if (typeof severity === 'string') bySeverity.set(severity, (bySeverity.get(severity) ?? 0) + 1);
    }
    for (const [severity, count] of bySeverity) points.push({ night: run.started_at, severity, count });
  }
  const total = points.reduce((sum, p) => sum + Number(p['count']), 0);
  return {
    id: 'quality',
    kind: 'quality',
    horizon: null,
    title: 'Data quality findings per night',
    description: `${total} findings over the last ${HISTORY_DAYS} days, by severity (blocking findings stop a night; warnings are recorded).`,
    points,
    columns: [
      { key: 'night', label: 'night' },
      { key: 'severity', label: 'severity' },
      { key: 'count', label: 'findings' },
    ],
  };
}
