import type { Alert, AlertKind } from './alert.js';
import type { HealthReport } from './health.js';
import { LAYOUT } from '../layout.js';
import { modelsSetAside } from '../night/models-set-aside.js';
import type { RunRecord } from '../night/run.js';
import type { UnwritableHomeState } from './unwritable-home.js';

/** Where the alert comes from, for the text. */
export interface AlertOrigin {
  readonly now: Date;
  readonly host: string;
  /** The home, so log paths can be given in full. */
  readonly home: string;
}

const PRODUCT = 'cbi-autopilot';

function homePath(home: string, key: string): string {
  return `${home.replace(/\/+$/, '')}/${key}`;
}

function logPathsFor(origin: AlertOrigin, run: RunRecord | null): string[] {
  const paths = [LAYOUT.lastRunStatus, LAYOUT.watchdogLog, LAYOUT.daemonStderr].map((key) =>
    homePath(origin.home, key),
  );
  if (run !== null) paths.unshift(homePath(origin.home, run.log_file));
  return paths;
}

/** How an unwritable-home alert is paced (the state the watchdog keeps outside the home). */
export interface UnwritableHomePacing {
  /** Set for a reminder: the spell so far. */
  readonly reminder: UnwritableHomeState | null;
  /** Hours until the next reminder, or null when the pacing cannot be kept (it repeats every check). */
  readonly nextReminderHours: number | null;
}

/**
 * The alert of a watchdog that cannot write the home (read-only, full, owned by another user):
 * it can neither keep its state there nor start a run that could record anything, so it says so
 * through every channel that does not need the home, paced by a state kept outside the home.
 */
export function unwritableHomeAlert(
  error: string,
  origin: AlertOrigin,
  pacing: UnwritableHomePacing = { reminder: null, nextReminderHours: null },
): Alert {
  const action = `make the home writable by the user the jobs run as (e.g. \`sudo chown -R $(id -un) ${origin.home}\`, free disk space), then run \`cbi doctor\``;
  const since = pacing.reminder?.openedAt ?? null;
  return homeAlert(origin, {
    kind: pacing.reminder === null ? 'incident_opened' : 'incident_reminder',
    subject: `${PRODUCT} on ${origin.host}: the home ${pacing.reminder === null ? 'cannot' : 'still cannot'} be written, no night can run`,
    body: [
      `The watchdog cannot write the home ${origin.home}: ${error}`,
      ...(since === null ? [] : [`Unwritable since ${since} (${pacing.reminder?.checks ?? 0} checks).`]),
      'No run can record its result, so none is started.',
      pacing.nextReminderHours === null
        ? 'The watchdog cannot keep its alert pacing anywhere: this alert repeats at every check.'
        : `The watchdog reminds you in ${pacing.nextReminderHours} h if it lasts, and says when it is writable again.`,
      `What to do: ${action}.`,
    ].join('\n'),
    error,
    since,
    action,
  });
}

/** The one notice that a home found unwritable can be written again. */
export function writableAgainAlert(spell: UnwritableHomeState, origin: AlertOrigin): Alert {
  const action = 'nothing to do; the watchdog checks the runs again from now on';
  return homeAlert(origin, {
    kind: 'recovered',
    subject: `${PRODUCT} on ${origin.host}: the home can be written again`,
    body: [
      `The home ${origin.home} can be written again (unwritable since ${spell.openedAt}, ${spell.checks} checks).`,
      `What to do: ${action}.`,
    ].join('\n'),
    error: null,
    since: spell.openedAt,
    action,
  });
}

/** An alert about the home itself, not a run: no run, stage or last success to name. */
function homeAlert(
  origin: AlertOrigin,
  alert: Pick<Alert, 'kind' | 'subject' | 'body' | 'error' | 'since' | 'action'>,
): Alert {
  return {
    ...alert,
    at: origin.now.toISOString(),
    host: origin.host,
    runId: null,
    failedStage: null,
    lastSuccess: null,
    logPaths: logPathsFor(origin, null),
  };
}

/** The watchdog's alert about an incident opening, still open, or closed. */
export function incidentAlert(
  kind: Extract<AlertKind, 'incident_opened' | 'incident_reminder' | 'recovered'>,
  health: HealthReport,
  consecutiveFailures: number,
  origin: AlertOrigin,
): Alert {
  const run = health.lastRun;
  const since = health.failingSince;
  const logPaths = logPathsFor(origin, run);
  const stage = run?.failed_stage ?? null;
  const error =
    run !== null && run.state !== 'success' && run.state !== 'partial' ? (run.error ?? run.state) : null;
  // a degraded night is its own incident: it ran, so "failing" would send a person to the wrong place
  const lastSuccess = health.lastSuccessAt;
  if (kind === 'recovered') {
    const action = 'nothing to do; the incident is closed';
    return {
      kind,
      subject: `${PRODUCT} on ${origin.host}: recovered, run ${run?.run_id ?? '?'} succeeded`,
      body: [
        `The nightly run works again: run ${run?.run_id ?? '?'} ${run?.state === 'partial' ? 'partly succeeded' : 'succeeded'}.`,
        `Last success: ${lastSuccess ?? 'unknown'}`,
        `Logs: ${logPaths.join(', ')}`,
        `What to do: ${action}.`,
      ].join('\n'),
      at: origin.now.toISOString(),
      host: origin.host,
      runId: run?.run_id ?? null,
      failedStage: null,
      error: null,
      since: null,
      lastSuccess,
      logPaths,
      action,
    };
  }
  if (health.state === 'degraded' && run !== null) {
    const action =
      'the forecasts need newer data: refresh the source (or relax run.delivery in the config); `cbi status` lists each horizon and why';
    const summary = run.delivery?.summary ?? run.error ?? 'see the run status';
    const reminder = kind === 'incident_reminder' ? 'still ' : '';
    return {
      kind,
      subject: `${PRODUCT} on ${origin.host}: nightly run ${reminder}degraded, no current forecast (run ${run.run_id})`,
      body: [
        `The nightly run ${run.run_id} ran, but delivered less than the config expects (${health.consecutiveDegraded} night${health.consecutiveDegraded === 1 ? '' : 's'} in a row).`,
        `Delivered: ${summary}`,
        `Last success: ${lastSuccess ?? 'never'}`,
        `Logs: ${logPaths.join(', ')}`,
        `What to do: ${action}.`,
      ].join('\n'),
      at: origin.now.toISOString(),
      host: origin.host,
      runId: run.run_id,
      failedStage: run.failed_stage,
      error: summary,
      since: run.started_at,
      lastSuccess,
      logPaths,
      action,
    };
  }
  const action =
    'read the run log named below (the failed stage and its error are at its end), fix the cause, ' +
    "then start a run with `cbi run` (or wait for tonight's); `cbi status` shows the state";
  const reminder = kind === 'incident_reminder' ? 'still ' : '';
  return {
    kind,
    subject: `${PRODUCT} on ${origin.host}: nightly run ${reminder}failing since ${since ?? 'unknown'} (${consecutiveFailures} failed runs)`,
    body: [
      `The nightly run has ${reminder}failed ${consecutiveFailures} times in a row, since ${since ?? 'unknown'}.`,
      `Last run: ${run?.run_id ?? 'unknown'} (${run?.state ?? 'unknown'})`,
      `Failed stage: ${stage ?? 'none recorded'}`,
      `Error: ${error ?? 'none recorded'}`,
      `Last success: ${lastSuccess ?? 'never'}`,
      `Logs: ${logPaths.join(', ')}`,
      `What to do: ${action}.`,
      'The watchdog does not retry every hour while this lasts; it reminds you if the failures double.',
    ].join('\n'),
    at: origin.now.toISOString(),
    host: origin.host,
    runId: run?.run_id ?? null,
    failedStage: stage,
    error,
    since,
    lastSuccess,
    logPaths,
    action,
  };
}

/** A run's own start or end, for dead-man's switches (a healthchecks-style ping). */
export function runAlert(
  kind: Extract<AlertKind, 'run_started' | 'run_succeeded' | 'run_failed'>,
  run: RunRecord,
  origin: AlertOrigin,
): Alert {
  const logPaths = logPathsFor(origin, run);
  const failed = kind === 'run_failed';
  const verb =
    kind === 'run_started'
      ? 'started'
      : failed
        ? run.state === 'degraded'
          ? 'was degraded (no current forecast)'
          : 'failed'
        : run.state === 'partial'
          ? 'partly succeeded'
          : 'succeeded';
  const action = failed ? 'the watchdog retries it; read the run log if it keeps failing' : null;
  return {
    kind,
    subject: `${PRODUCT} on ${origin.host}: run ${run.run_id} ${verb}`,
    body: [
      `Run ${run.run_id} (${run.trigger}) ${verb}.`,
      ...(failed
        ? [`Failed stage: ${run.failed_stage ?? 'none recorded'}`, `Error: ${run.error ?? 'none recorded'}`]
        : []),
      `Logs: ${logPaths.join(', ')}`,
    ].join('\n'),
    at: origin.now.toISOString(),
    host: origin.host,
    runId: run.run_id,
    failedStage: failed ? run.failed_stage : null,
    error: failed ? run.error : null,
    since: failed ? run.started_at : null,
    lastSuccess: null,
    logPaths,
    action,
  };
}

/**
 * The one notice that a run found derived data broken and rebuilt it (a corrupt embedded
 * warehouse set aside): nothing is lost, but a person should know the disk or a process
 * damaged a file, and where the broken copy is kept.
 */
export function repairAlert(run: RunRecord, origin: AlertOrigin): Alert {
  const files = run.set_aside;
  const models = modelsSetAside(run);
  const action =
    models.length === 0
      ? 'nothing is needed for the night (it rebuilds from the sources); if it happens again, check the disk, and delete the set-aside copy once looked at'
      : 'nothing is needed for the night (it rebuilds from the sources, and a champion set aside is replaced by the next model with skill); if it happens again, check the disk, and delete the set-aside copy once looked at';
  const subject =
    models.length === 0
      ? `run ${run.run_id} set aside a corrupt ${files.map((f) => f.what).join(', ') || 'file'} and rebuilt it`
      : `run ${run.run_id} set aside ${[
          ...files.map((f) => `a corrupt ${f.what}`),
          ...models.map((m) => `the broken ${m.horizon} champion`),
        ].join(', ')} and went on without ${files.length + models.length === 1 ? 'it' : 'them'}`;
  return {
    kind: 'repaired',
    subject: `${PRODUCT} on ${origin.host}: ${subject}`,
    body: [
      ...files.map(
        (f) =>
          `The ${f.what} ${f.path} could not be opened (${f.reason}); it was moved to ${f.moved_to} and a new one is built from the sources in run ${run.run_id}.`,
      ),
      ...models.map(
        (m) =>
          `The ${m.horizon} champion was set aside to ${m.movedTo} (${m.why}); run ${run.run_id} went on with the models it could trust.`,
      ),
      `Logs: ${logPathsFor(origin, run).join(', ')}`,
      `What to do: ${action}.`,
    ].join('\n'),
    at: origin.now.toISOString(),
    host: origin.host,
    runId: run.run_id,
    failedStage: null,
    error: [...files.map((f) => f.reason), ...models.map((m) => m.why)].join('; ') || null,
    since: null,
    lastSuccess: null,
    logPaths: logPathsFor(origin, run),
    action,
  };
}
