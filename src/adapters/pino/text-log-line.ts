/** Fields every event carries that the line's head already says, or that a person does not need. */
const HEAD_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'runId', 'stage', 'verdict']);

const LEVEL: Readonly<Record<string, string>> = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
};

/** Longest value written out in full; a longer one is cut (the JSON-lines file has it all). */
const MAX_VALUE = 240;

/**
 * One JSON log event as a line for people, in the seed's layout:
 * `[2026-11-29 23:59:01] [INFO] [train_1m] model trained library=lightgbm mape=3.2`.
 * The time is the event's local wall time; the verdict of a successful run is `[SUCCESS]`,
 * as the seed wrote it.
 */
export function textLogLine(event: Readonly<Record<string, unknown>>): string {
  const time = typeof event['time'] === 'string' ? event['time'].slice(0, 19).replace('T', ' ') : '';
  const level =
    event['verdict'] === 'COMPLETED SUCCESSFULLY'
      ? 'SUCCESS'
      : (LEVEL[String(event['level'])] ?? String(event['level']).toUpperCase());
  const stage = typeof event['stage'] === 'string' ? ` [${event['stage']}]` : '';
  const fields = Object.entries(event)
    .filter(([key, value]) => !HEAD_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${describe(value)}`);
  const message = typeof event['msg'] === 'string' ? event['msg'] : '';
  return `[${time}] [${level}]${stage} ${[message, ...fields].join(' ')}`.replace(/\s*\n\s*/g, ' ');
}

function describe(value: unknown): string {
  const text =
    typeof value === 'string' ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}
