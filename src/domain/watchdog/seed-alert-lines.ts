import { pythonLocalIso } from '../iso-time.js';
import type { Alert, AlertKind } from './alert.js';

/** The alerts a person must see in `watchdog.log` (the run's own start/success notices are not). */
export const WATCHDOG_LOG_KINDS: ReadonlySet<AlertKind> = new Set([
  'incident_opened',
  'incident_reminder',
  'recovered',
  'run_failed',
  'repaired',
]);

const RULE = '='.repeat(80);

/**
 * An alert as the seed's watchdog wrote its own into `watchdog.log`: `[YYYY-MM-DD HH:MM:SS]
 * [LEVEL] message` lines in local wall time, the alert between two rules of `=`, its first line
 * `🚨 ALERT: ...` (a recovery is `[INFO] ✅ RECOVERED: ...`). Pure.
 */
export function seedAlertLines(alert: Alert): string[] {
  const time = pythonLocalIso(new Date(alert.at)).slice(0, 19).replace('T', ' ');
  const recovered = alert.kind === 'recovered';
  const level = recovered ? 'INFO' : 'ERROR';
  const head = recovered ? `✅ RECOVERED: ${alert.subject}` : `🚨 ALERT: ${alert.subject}`;
  return [RULE, head, ...alert.body.split('\n'), RULE].map((m) => `[${time}] [${level}] ${m}`);
}
