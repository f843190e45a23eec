import type { CleanReport } from '../../index.js';

/** "1.5 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit] ?? 'TB'}`;
}

/** What `cbi clean` prints: each deletion or trim with its reason, then the total. */
export function formatCleanReport(report: CleanReport): string {
  const lines: string[] = [];
  if (report.liveRun !== null)
    lines.push(`run ${report.liveRun} is running: its files and the exports are left alone`);
  for (const { action, outcome, error } of report.actions) {
    const verb = action.kind === 'delete' ? 'delete' : `shorten to ${formatBytes(action.keepBytes)}`;
    const mark = outcome === 'would' ? 'would ' : outcome === 'failed' ? 'FAILED to ' : '';
    lines.push(
      `${mark}${verb} ${action.key} (${formatBytes(action.bytes)}): ${action.why}${error ? ` (${error})` : ''}`,
    );
  }
  lines.push(
    report.actions.length === 0
      ? 'nothing to clean'
      : `${report.dryRun ? 'would free' : 'freed'} ${formatBytes(report.freedBytes)} (${formatBytes(report.freeBytesBefore)} free before)`,
  );
  return `${lines.join('\n')}\n`;
}
