import type { WatchdogReport } from './run-watchdog.js';

/** One JSON line per check: what was seen and what was done. */
export function watchdogLogLine(report: WatchdogReport): string {
  return JSON.stringify({
    at: report.at,
    state: report.state,
    reason: report.reason,
    actions: report.actions.map((a) => ({
      kind: a.kind,
      outcome: a.outcome,
      detail: a.detail,
      ...(a.error === null ? {} : { error: a.error }),
    })),
    held: report.held,
    consecutiveFailures: report.consecutiveFailures,
    incidentOpen: report.incidentOpen,
  });
}
